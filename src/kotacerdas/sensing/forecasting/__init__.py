"""Pasal 5(d): a simple, honest forecast of the P2C water level one to three hours ahead.

`arx.py` holds the model (pure numpy and scikit-learn, no database): a linear ARX regression of
P2C's change over the horizon on its own recent values and on upstream gauges at several lags,
fitted on the older part of the history and judged on the newer part against persistence.
The services in `sensing/services/forecast.py` feed it from stored observations.
"""
