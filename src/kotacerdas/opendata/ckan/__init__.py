"""The CKAN Action API v3 of Satu Data (`/satudata/api/3/action/<name>`): envelopes, field
names, error types and status codes as CKAN answers them, so CKAN clients (ckanapi,
harvesters) work unchanged."""
