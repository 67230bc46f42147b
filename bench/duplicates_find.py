"""Finding likely duplicates: Hymy's blocked matching next to comparing every pair of names.

A synthetic register of N customers (Finnish names, postal codes, e-mail and phone for most) with 2 %
planted duplicates typed differently — another case, the name's words swapped, a local phone form, an
address in capitals. Hymy's matcher (`hymy.customers.duplicates.candidate_pairs`) compares customers
only within blocks of the same e-mail, phone or postal code. The baseline compares every name with
every other (rapidfuzz's `cdist`, the C implementation, one thread) — what matching without blocking
costs, and it does not even look at e-mail or phone. Both run in this process on the same rows; the
figure is customers per second, and the planted pairs found (recall).

    python -m bench --only duplicates_find [--rows N]
"""

import os
import random
import time

DEFAULT_ROWS = 20_000
BASELINE_LIMIT = 20_000  # beyond this the all-pairs baseline takes minutes

FIRST = "Aino Eero Helmi Ilmari Kaisa Lauri Maija Niko Oona Pekka Saara Veeti Juha Liisa Timo Anna".split()
LAST = "Virtanen Korhonen Mäkinen Nieminen Hämäläinen Laine Heikkinen Koskinen Järvinen Lehtonen Salo".split()


def _register(rows: int, seed: int = 2026):
    generator = random.Random(seed)
    register, planted = [], set()
    for pk in range(1, rows + 1):
        name = f"{generator.choice(FIRST)} {generator.choice(LAST)}"
        email = f"{name.lower().replace(' ', '.')}{pk}@example.fi" if generator.random() < 0.8 else ""
        phone = f"+35840{pk:07d}" if generator.random() < 0.6 else ""
        postal = f"{generator.randint(0, 990):03d}{generator.choice('05')}0"
        register.append((pk, "person", name, email, phone, {"postal_code": postal}))
    for pk in range(rows + 1, rows + 1 + rows // 50):
        original = register[generator.randrange(rows)]
        _pk, kind, name, email, phone, attributes = original
        way = generator.randrange(3)
        if way == 0 and email:
            copy = (pk, kind, name.upper(), email.upper(), "", {})
        elif way == 1 and phone:
            copy = (pk, kind, " ".join(reversed(name.split())), "", "040 " + phone[6:], {})
        else:
            copy = (pk, kind, name.lower(), "", "", {"postinumero": attributes["postal_code"]})
        register.append(copy)
        planted.add((original[0], pk))
    return register, planted


def run(*, rows: int = DEFAULT_ROWS) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hymy.settings")
    import django

    django.setup()
    from rapidfuzz import fuzz, process

    from hymy.customers.duplicates import candidate_pairs, name_key

    register, planted = _register(rows)
    print(f"\nduplicates_find: {len(register)} customers, {len(planted)} planted duplicates")
    started = time.perf_counter()
    found = candidate_pairs(register)
    elapsed = time.perf_counter() - started
    pairs = {pair for _score, pair, _reasons, _similarity in found}
    recall = len(planted & pairs) / len(planted)
    print(f"  Hymy (blocked):       {elapsed:8.2f} s  {len(register) / elapsed:10,.0f} customers/s  "
          f"{len(pairs)} pairs, recall {recall:.1%}")  # fmt: skip
    if len(register) > BASELINE_LIMIT:
        print(f"  all pairs of names:   skipped above {BASELINE_LIMIT:,} customers")
        return
    names = [name_key(row[2]) for row in register]
    started = time.perf_counter()
    process.cdist(names, names, scorer=fuzz.token_sort_ratio, score_cutoff=85, workers=1, dtype="uint8")
    baseline = time.perf_counter() - started
    print(f"  all pairs of names:   {baseline:8.2f} s  {len(register) / baseline:10,.0f} customers/s")
    print(f"  ratio (Hymy / all pairs, customers per second): {baseline / elapsed:.2f}")


if __name__ == "__main__":
    run()
