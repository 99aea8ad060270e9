"""URLs of the sensor pages, mounted at /sensor/ (the SensorThings API is at /sta/v1.1/)."""

from django.urls import path

from kotacerdas.sensing.views import alarms, datastreams, things, vehicles

app_name = "sensing"

urlpatterns = [
    path("", things.thing_list, name="thing_list"),
    path("unduh.csv", things.thing_export, name="thing_export"),
    path("peta/", things.sensor_map, name="map"),
    path("peta.geojson", things.map_geojson, name="map_geojson"),
    path("perangkat/<int:pk>/", things.thing_detail, name="thing_detail"),
    path("aliran/<int:pk>/", datastreams.datastream_detail, name="datastream_detail"),
    path("aliran/<int:pk>/seri.json", datastreams.datastream_series, name="datastream_series"),
    path("alarm/", alarms.alarm_console, name="alarm_console"),
    path("alarm/<int:pk>/tanggapi/", alarms.alarm_acknowledge_confirm, name="alarm_acknowledge"),
    path("kendaraan/", vehicles.vehicle_map, name="vehicle_map"),
    path("kendaraan/posisi.json", vehicles.vehicle_positions, name="vehicle_positions"),
    path("kendaraan/perjalanan/<int:pk>.json", vehicles.trip_replay, name="trip_replay"),
]
