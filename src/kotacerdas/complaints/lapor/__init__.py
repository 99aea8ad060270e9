"""SP4N-LAPOR! adapter (issue #5 item 8; Perwal 32/2021 Pasal 26(3)).

`adapter` holds the interface and its HTTP implementation, `mapping` turns LAPOR! payloads into
case fields and timeline events into LAPOR! follow-ups, `sync` holds the pull, push and
reconcile services, and `fake_server` a local stand-in of LAPOR! for tests and by hand.
The assumed LAPOR! contract is written down in the README ("SP4N-LAPOR! field mapping").
"""
