"""Routing suggestions (Pasal 5d): which Perangkat Daerah should handle a new case.

A TF-IDF + logistic-regression classifier over the title and description (light Indonesian
normalisation in `features`), trained on handled cases (`train.routing_retrain`), stored in
`RoutingModel` and used through `suggest.suggest_agencies`.
"""
