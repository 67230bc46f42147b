"""Realistic people and companies: Finnish, Finland-Swedish and English names, e-mails, phones.

Every function takes the simulator's seeded `random.Random`, so the same seed gives the same people.
"""

import random
import unicodedata

FINNISH_WOMEN = [
    "Aino", "Anna", "Anne", "Eeva", "Elina", "Emilia", "Emma", "Hanna", "Heidi", "Helmi", "Iida", "Jenni",
    "Johanna", "Kaisa", "Katja", "Kirsi", "Laura", "Leena", "Liisa", "Maija", "Marja", "Minna", "Noora",
    "Outi", "Päivi", "Pirjo", "Riikka", "Riitta", "Sanna", "Sari", "Satu", "Seija", "Sofia", "Suvi",
    "Tiina", "Tuula", "Ulla", "Veera", "Venla", "Aada", "Ella", "Linnea", "Oona", "Pia", "Raili", "Tarja",
]  # fmt: skip
FINNISH_MEN = [
    "Aleksi", "Antti", "Ari", "Eero", "Eino", "Elias", "Harri", "Heikki", "Ilkka", "Jaakko", "Janne",
    "Jari", "Joonas", "Jukka", "Juha", "Jussi", "Kalle", "Kari", "Lauri", "Leo", "Markku", "Matti",
    "Mika", "Mikko", "Niko", "Onni", "Otto", "Pekka", "Pertti", "Petri", "Risto", "Sami", "Seppo",
    "Teemu", "Timo", "Toni", "Tuomas", "Väinö", "Ville", "Veikko", "Olli", "Lasse", "Eetu", "Arttu",
]  # fmt: skip
FINNISH_SURNAMES = [
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
    "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
    "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Hiltunen", "Leinonen",
    "Miettinen", "Kettunen", "Hirvonen", "Räsänen", "Leppänen", "Aaltonen", "Pitkänen", "Manninen",
    "Laaksonen", "Anttila", "Honkanen", "Väisänen", "Pelkonen", "Huttunen", "Koivisto", "Peltonen",
    "Kallio", "Rissanen", "Lindroos", "Hakala", "Oksanen", "Kärkkäinen", "Toivonen", "Ojala",
    "Seppälä", "Halonen", "Vainio", "Ketola", "Kivelä", "Nurmi", "Suominen", "Harju", "Valtonen",
    "Pesonen", "Jääskeläinen", "Kauppinen", "Rautio", "Tikkanen", "Ström", "Mustonen", "Sirviö",
]  # fmt: skip
SWEDISH_WOMEN = [
    "Anna", "Annika", "Camilla", "Elin", "Emma", "Ebba", "Frida", "Ida", "Johanna", "Karin", "Linnéa",
    "Maria", "Matilda", "Sara", "Sofia", "Stina", "Ulrika", "Vera", "Wilma", "Åsa",
]  # fmt: skip
SWEDISH_MEN = [
    "Anders", "Axel", "Björn", "Carl", "Erik", "Fredrik", "Gustav", "Henrik", "Jonas", "Johan",
    "Kaj", "Lars", "Magnus", "Mats", "Nils", "Oskar", "Patrik", "Rasmus", "Stefan", "Tor",
]  # fmt: skip
SWEDISH_SURNAMES = [
    "Lindholm", "Nyström", "Sjöberg", "Ekholm", "Holmström", "Lindqvist", "Forsman", "Westerlund",
    "Björklund", "Sundström", "Backman", "Wikström", "Granqvist", "Öhman", "Lindström", "Blomqvist",
    "Eriksson", "Johansson", "Andersson", "Karlsson", "Strandberg", "Nordling", "Åkerman", "Stenroos",
]  # fmt: skip
ENGLISH_WOMEN = [
    "Emily", "Sarah", "Jessica", "Olivia", "Charlotte", "Hannah", "Rachel", "Laura", "Megan", "Grace",
    "Chloe", "Lucy", "Amelia", "Sophie", "Kate", "Helen", "Priya", "Ana", "Maria", "Lena",
]  # fmt: skip
ENGLISH_MEN = [
    "James", "Daniel", "Thomas", "Michael", "David", "Oliver", "William", "Jack", "Samuel", "Benjamin",
    "Ryan", "Matthew", "Andrew", "Christopher", "Lucas", "Arjun", "Mateo", "Ivan", "Omar", "Chen",
]  # fmt: skip
ENGLISH_SURNAMES = [
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker", "Wright", "Thompson",
    "Robinson", "Hughes", "Edwards", "Green", "Hall", "Clarke", "Patel", "Murphy", "O'Brien", "Kelly",
    "Garcia", "Novak", "Kowalski", "Nguyen", "Fischer", "Rossi", "Martin", "Cooper", "Bennett", "Reid",
]  # fmt: skip

NAMES_BY_LANGUAGE = {
    "fi": (FINNISH_WOMEN, FINNISH_MEN, FINNISH_SURNAMES),
    "sv": (SWEDISH_WOMEN, SWEDISH_MEN, SWEDISH_SURNAMES),
    "en": (ENGLISH_WOMEN, ENGLISH_MEN, ENGLISH_SURNAMES),
}

# Where Finns have their e-mail, roughly in order of popularity.
EMAIL_DOMAINS = {
    "gmail.com": 40, "hotmail.com": 14, "outlook.com": 10, "icloud.com": 8, "luukku.com": 5,
    "yahoo.com": 4, "suomi24.fi": 3, "kolumbus.fi": 2, "saunalahti.fi": 3, "live.fi": 4,
}  # fmt: skip
# Finnish mobile prefixes (after +358): 40, 41, 44, 45, 46, 50 all have 7 further digits.
MOBILE_PREFIXES = {"40": 30, "41": 10, "44": 20, "45": 8, "46": 12, "50": 20}

COMPANY_TRADES = [
    ("Rakennus", "rakennus"), ("Putkityö", "putki"), ("Sähkö", "sahko"), ("Tilitoimisto", "tilit"),
    ("Kuljetus", "kuljetus"), ("Kiinteistöhuolto", "kiinteistohuolto"), ("Autokorjaamo", "autokorjaamo"),
    ("Hammaslääkäriasema", "hammas"), ("Arkkitehdit", "arkkitehdit"), ("Konepaja", "konepaja"),
    ("Siivouspalvelu", "siivous"), ("IT-palvelut", "it"), ("Mainostoimisto", "mainos"),
    ("Lakiasiaintoimisto", "laki"), ("Puutarha", "puutarha"), ("Kahvila", "kahvila"),
]  # fmt: skip
COMPANY_PLACES = [
    "Pohjolan", "Pirkanmaan", "Uudenmaan", "Hervannan", "Kaakon", "Länsirannikon", "Lapin", "Savon",
    "Järvi-Suomen", "Keski-Suomen", "Itä-Helsingin", "Oulun Seudun", "Kalevan", "Tapiolan",
]  # fmt: skip


def ascii_slug(text: str) -> str:
    """'Mäkelä' → 'makela', "O'Brien" → 'obrien': the form people use in e-mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in ".-"))


def person_name(rng: random.Random, language: str) -> tuple[str, str]:
    """A first name and a surname typical for speakers of `language`."""
    women, men, surnames = NAMES_BY_LANGUAGE[language]
    first = rng.choice(women if rng.random() < 0.5 else men)
    return first, rng.choice(surnames)


def personal_email(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    """An address in one of the forms people really use; never one already `taken`."""
    domain = rng.choices(list(EMAIL_DOMAINS), weights=list(EMAIL_DOMAINS.values()))[0]
    first_slug, last_slug = ascii_slug(first), ascii_slug(last)
    forms = [f"{first_slug}.{last_slug}", f"{first_slug}{last_slug}", f"{first_slug[0]}.{last_slug}"]
    local = rng.choice(forms)
    email = f"{local}@{domain}"
    while email in taken:
        email = f"{local}{rng.randrange(1, 100)}@{domain}"
    taken.add(email)
    return email


def work_email(first: str, last: str, domain: str, taken: set[str]) -> str:
    email = f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}"
    number = 2
    while email in taken:
        email = f"{ascii_slug(first)}.{ascii_slug(last)}{number}@{domain}"
        number += 1
    taken.add(email)
    return email


def mobile_number(rng: random.Random, taken: set[str]) -> str:
    """A Finnish mobile number in E.164 form, e.g. +358401234567; never one already `taken`."""
    while True:
        prefix = rng.choices(list(MOBILE_PREFIXES), weights=list(MOBILE_PREFIXES.values()))[0]
        number = f"+358{prefix}{rng.randrange(1_000_000, 10_000_000)}"
        if number not in taken:
            taken.add(number)
            return number


def business_id(rng: random.Random) -> str:
    """A Finnish business ID (Y-tunnus) with a valid check digit, e.g. '2345678-1'."""
    weights = (7, 9, 10, 5, 8, 4, 2)
    while True:
        digits = [rng.randrange(10) for _ in range(7)]
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder == 1:
            continue  # no valid check digit exists for these seven digits
        check = 0 if remainder == 0 else 11 - remainder
        return "".join(map(str, digits)) + f"-{check}"


def company_name(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    """A company name and its web domain, e.g. ('Virtanen Rakennus Oy', 'virtanenrakennus.fi')."""
    while True:
        trade, trade_slug = rng.choice(COMPANY_TRADES)
        if rng.random() < 0.5:
            owner = rng.choice(FINNISH_SURNAMES)
            name, slug = f"{owner} {trade}", f"{ascii_slug(owner)}{trade_slug}"
        else:
            place = rng.choice(COMPANY_PLACES)
            name, slug = f"{place} {trade}", f"{ascii_slug(place).replace('-', '')}{trade_slug}"
        name += rng.choices([" Oy", " Ky", " Ab", " Oy Ab"], weights=[80, 10, 5, 5])[0]
        if name not in taken:
            taken.add(name)
            return name, f"{slug}.fi"
