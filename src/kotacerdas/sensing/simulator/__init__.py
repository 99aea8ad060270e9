"""`kotacerdas simulate`: believable sensor data for Kota Bekasi, published as a real client.

Pure generators (functions of a seed and a time, no database, no network):
- `river.py`   rain upstream, Cileungsi and Cikeas, P2C and Bendung Bekasi through storms;
- `vehicles.py` 20 vehicles (garbage trucks, ambulances, URC) moving inside Kota Bekasi;
- `devices.py`  heartbeats of 200 public WiFi points and CCTV cameras, a few going silent;
- `catalog.py`  the Things and Datastreams they feed, as SensorThings JSON ("Contoh ...");
- `ticks.py`    what to publish at a moment or over a past period.
Transports (`transport.py`: MQTT and HTTP, only the public interfaces) and the entity set-up
(`setup.py`) sit on top; the command is `sensing/management/commands/simulate.py`.
"""
