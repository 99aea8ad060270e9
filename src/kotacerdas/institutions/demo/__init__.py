"""Demo data of the institutions ("Contoh"), loaded by `kotacerdas seed_demo` / `make run` after
the core, masterplan and monitoring demos. Idempotent: every row is found by a natural key and
created only when missing, so a second run creates nothing. Every row is `is_demo=True` and
every name a person reads carries "Contoh". Dates are relative to `timezone.localdate()`, so
the demo stays believable whenever it is loaded:

- decrees, an ended council term #1 and a complete active term #2 that ends in about six weeks,
  with one member replaced during the term; the election of term #1 (done); the election after
  term #2 has not started (no election row: its deadline is about two weeks away, the secretariat
  starts it from the election list);
- meetings of the whole term (each komisi once per three-month window, except Komisi Smart
  Environment in the last closed window), cross-komisi meetings, plenaries and FGDs with
  resource persons, attendance, minutes, action items, distribution, invitation letters;
- incoming and outgoing letters of the year;
- the current Tim Pelaksana with pokja, support teams, programs and assistance records;
- budget lines and spendings of the year, and reports with their routing.
"""


def load(*, stdout=None) -> None:
    from kotacerdas.institutions.demo import budget, council, letters, meetings, team

    council.load(stdout=stdout)
    meetings.load(stdout=stdout)
    letters.load(stdout=stdout)
    team.load(stdout=stdout)
    budget.load(stdout=stdout)
