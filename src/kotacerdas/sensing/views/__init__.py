"""Pages of `sensing` at /sensor/: sensor list and map, datastream chart, alarms, vehicles."""
