"""Generated Indonesian complaint texts for the demo and the routing benchmark ("Contoh").

Each text picks a title, a detail, a place, an impact and a plea of a topic; then slang forms
("yg", "jln", "gk"...) and small typos (swapped or dropped letters) are mixed in, as people
write. Deterministic for a given `random.Random`.
"""

from __future__ import annotations

import random

from kotacerdas.complaints.demo.catalogue import OPENINGS, PLEAS, SLANG_FORMS, STREETS, Topic


def _slangify(rng: random.Random, text: str, share: float) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        forms = SLANG_FORMS.get(word.lower())
        if forms and rng.random() < share:
            words[i] = rng.choice(forms)
    return " ".join(words)


def _typo(rng: random.Random, text: str, share: float) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 4 and word.isalpha() and rng.random() < share:
            j = rng.randrange(1, len(word) - 2)
            if rng.random() < 0.5:
                word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]  # swapped letters
            else:
                word = word[:j] + word[j + 1 :]  # a dropped letter
            words[i] = word
    return " ".join(words)


def place(rng: random.Random) -> str:
    street = rng.choice(STREETS)
    return rng.choice(
        (
            f"di Jalan {street}",
            f"di Jl. {street} RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 15):02d}",
            f"dekat pertigaan {street}",
            f"depan masjid di Jalan {street}",
            f"di gang samping Jalan {street}",
        )
    )


def complaint_text(rng: random.Random, topic: Topic, *, messy: float = 0.3) -> tuple[str, str]:
    """(title, description) of one complaint about `topic`; `messy` scales slang and typos."""
    title = rng.choice(topic.titles)
    where = place(rng)
    parts = [rng.choice(OPENINGS), rng.choice(topic.details), where + "."]
    if topic.impacts and rng.random() < 0.8:
        impact = rng.choice(topic.impacts)
        parts.append(impact[0].upper() + impact[1:] + ".")
    parts.append(rng.choice(PLEAS))
    description = " ".join(part for part in parts if part)
    if rng.random() < 0.6:
        description = _slangify(rng, description, 0.7 * messy / 0.3)
    description = _typo(rng, description, 0.06 * messy / 0.3)
    if rng.random() < 0.3:
        description = description.lower()
    if rng.random() < 0.5:
        title = f"{title} {where}"
    return title[:150], description
