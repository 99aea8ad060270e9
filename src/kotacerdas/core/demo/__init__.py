"""Demo data ("Contoh"), loaded only by `kotacerdas seed_demo` / `make run`. Idempotent."""


def load_demo(*, stdout=None) -> None:
    from kotacerdas.core.demo import accounts, stakeholders

    stakeholders.load(stdout=stdout)
    accounts.load(stdout=stdout)
