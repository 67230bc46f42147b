"""Revontuli Mobile Oy: a Finnish telecom operator (seed 002) — its journey, products and words.

This module is data only: the touchpoints with their planted quality, what the shops sell, and the
sentences staff write about encounters. `telecom.py` is the model that turns it into customers.

The planted story (seed 000 and 002): the outsourced call centre and the outsourced home delivery
do not serve with the passion of our own staff, so more of their contacts end unresolved or in a
complaint, and their calls last longer.
"""

from hymy.journeys.choices import Channel, Tier
from hymy.tenancy.choices import Role

from .records import (
    KioskSpec,
    OrganizationSpec,
    PartnerSpec,
    SurveySpec,
    TouchpointSpec,
    UserSpec,
    WidgetSpec,
)

CALL_CENTRE_PARTNER = "Contact Center Partners Oy"
DELIVERY_PARTNER = "Nopea Kuljetus Oy"

SHOPS = {
    "shop_helsinki": "Helsinki Kamppi",
    "shop_tampere": "Tampere Koskikeskus",
    "shop_oulu": "Oulu Valkea",
}
# Where customers live: the share whose nearest shop each one is.
SHOP_WEIGHTS = {"shop_helsinki": 55, "shop_tampere": 27, "shop_oulu": 18}

SPEC = OrganizationSpec(
    name="Revontuli Mobile Oy",
    slug="revontuli",
    partners=[
        PartnerSpec("call_centre", CALL_CENTRE_PARTNER, "Hoitaa puhelinasiakaspalvelun arkisin ja lauantaisin."),
        PartnerSpec("delivery", DELIVERY_PARTNER, "Toimittaa verkkokaupan tilaukset kotiin ja työpaikoille."),
    ],
    # In priority order: the first is the most important touchpoint of the whole journey.
    touchpoints=[
        TouchpointSpec(
            "call_centre", 6, "Asiakaspalvelu puhelimessa", Channel.PHONE, Tier.CORE,
            "Läpi pääsee alle viidessä minuutissa ja asia ratkeaa yhdellä soitolla.",
            partner="call_centre", quality=0.76, minutes=16,
        ),
        TouchpointSpec(
            "shop_helsinki", 3, "Myymälä Helsinki Kamppi", Channel.IN_PERSON, Tier.CORE,
            "Palvelua ilman pitkää jonoa, osaava myyjä, selkeä hinta.", quality=0.96, minutes=18,
        ),
        TouchpointSpec(
            "web_shop", 3, "Verkkokauppa", Channel.WEB, Tier.CORE,
            "Tilaus onnistuu muutamassa minuutissa, hinnat ja toimitusaika näkyvät heti.", quality=0.97, minutes=9,
        ),
        TouchpointSpec(
            "home_delivery", 5, "Kotiinkuljetus", Channel.DELIVERY, Tier.CORE,
            "Paketti tulee luvattuna päivänä, kuljettaja ilmoittaa tulostaan, laite on ehjä.",
            partner="delivery", quality=0.82, minutes=4,
        ),
        TouchpointSpec(
            "billing", 4, "Laskutus", Channel.EMAIL, Tier.CORE,
            "Lasku on oikein ja ymmärrettävä; virheet korjataan pyytämättä.", quality=0.95, minutes=10,
        ),
        TouchpointSpec(
            "shop_tampere", 3, "Myymälä Tampere Koskikeskus", Channel.IN_PERSON, Tier.CORE,
            "Palvelua ilman pitkää jonoa, osaava myyjä, selkeä hinta.", quality=0.96, minutes=18,
        ),
        TouchpointSpec(
            "shop_oulu", 3, "Myymälä Oulu Valkea", Channel.IN_PERSON, Tier.CORE,
            "Palvelua ilman pitkää jonoa, osaava myyjä, selkeä hinta.", quality=0.95, minutes=18,
        ),
        TouchpointSpec(
            "web_payment", 4, "Verkkomaksu", Channel.WEB, Tier.CORE,
            "Maksu onnistuu ensimmäisellä kerralla tutuilla maksutavoilla, kuitti tulee heti.",
            quality=0.98, minutes=2,
        ),
        TouchpointSpec(
            "activation", 5, "Liittymän aktivointi", Channel.SMS, Tier.CORE,
            "Liittymä ja numeronsiirto toimivat luvattuna päivänä, tekstiviesti kertoo kun valmista.",
            quality=0.96, minutes=1,
        ),
        TouchpointSpec(
            "complaints", 6, "Reklamaatiokäsittely", Channel.EMAIL, Tier.CORE,
            "Reklamaatioon vastataan vuorokaudessa ja asia korjataan nopeasti, ilman pallottelua.",
            minutes=15,
        ),
        TouchpointSpec(
            "repair", 6, "Huolto ja takuu", Channel.IN_PERSON, Tier.CORE,
            "Vika korjataan kerralla, varalaite korjauksen ajaksi, arvio valmistumisesta pitää.",
            quality=0.93, minutes=14,
        ),
        TouchpointSpec(
            "website", 2, "Verkkosivut ja liittymävertailu", Channel.WEB, Tier.CORE,
            "Liittymiä on helppo vertailla, kuuluvuuskartta on ajan tasalla.", quality=0.97, minutes=6,
        ),
        TouchpointSpec(
            "app_chat", 6, "OmaRevontuli-sovellus ja chat", Channel.CHAT, Tier.EXTENDED,
            "Yleiset asiat hoituvat itse, chatissa vastataan muutamassa minuutissa.", quality=0.92, minutes=9,
        ),
        TouchpointSpec(
            "business_sales", 3, "Yritysmyynti", Channel.PHONE, Tier.CORE,
            "Oma yhteyshenkilö, tarjous samana päivänä, laitteet valmiiksi asennettuina.", quality=0.95, minutes=25,
        ),
        TouchpointSpec(
            "shop_pickup", 5, "Nouto myymälästä", Channel.IN_PERSON, Tier.EXTENDED,
            "Tilaus odottaa valmiina, nouto alle viidessä minuutissa.", quality=0.97, minutes=5,
        ),
        TouchpointSpec(
            "web_chat", 2, "Chat-neuvonta verkkosivuilla", Channel.CHAT, Tier.EXTENDED,
            "Ihminen vastaa nopeasti ja osaa suositella sopivan liittymän.", quality=0.95, minutes=7,
        ),
        TouchpointSpec(
            "ads", 1, "Some- ja hakumainonta", Channel.SOCIAL, Tier.EXTENDED,
            "Mainoksen hinta pitää paikkansa myös kaupassa.",
        ),
        TouchpointSpec(
            "upgrade_offer", 7, "Laitteen vaihtotarjous", Channel.EMAIL, Tier.EXCEEDING,
            "Tarjous tulee oikeaan aikaan ja on henkilökohtainen, ei massapostia.",
        ),
        TouchpointSpec(
            "referral", 1, "Kaveri suosittelee -etu", Channel.OTHER, Tier.EXCEEDING,
            "Suosittelijakin saa edun, ja se näkyy laskulla ilman erillistä pyyntöä.",
        ),
        TouchpointSpec(
            "loyalty", 7, "Revontuli Plus -kanta-asiakasedut", Channel.APP, Tier.EXCEEDING,
            "Edut ovat oikeasti hyödyllisiä ja tulevat yllätyksenä, ei vain alennuskoodeja.",
        ),
    ],
    users=[
        UserSpec("asiakaspalvelu@hymy.fi", "Aino Mäkelä", Role.AGENT),
        UserSpec("analyytikko@hymy.fi", "Mikko Heinonen", Role.ANALYST),
        UserSpec("johto@hymy.fi", "Sari Koskinen", Role.VIEWER),
        UserSpec("kuljetus@hymy.fi", "Jari Nieminen", Role.PARTNER, partner="delivery"),
        UserSpec("puhelinpalvelu@hymy.fi", "Tiina Laaksonen", Role.PARTNER, partner="call_centre"),
    ],
    # Surveys from the ready templates. Half of the purchases are sampled, so that the one
    # invitation a customer may get in 30 days is often left for the delivery or support survey.
    surveys=[
        SurveySpec(
            "nps_purchase", "nps_after_purchase", ["web_shop", "shop_helsinki", "shop_tampere", "shop_oulu"],
            settings={"name": "NPS ostoksen jälkeen", "sampling_percent": 50}, created_days_before=60,
        ),
        SurveySpec(
            "nps_delivery", "nps_after_purchase", ["home_delivery", "shop_pickup"],
            settings={
                "name": "NPS toimituksen jälkeen", "invite_after_purchases": False,
                "invite_after_encounters": True, "invitation_delay_minutes": 24 * 60,
            },
            created_days_before=60,
        ),
        SurveySpec(
            "csat_support", "csat_after_support", ["call_centre", "web_chat", "repair"],
            settings={"name": "CSAT asiakaspalvelun jälkeen"}, created_days_before=45,
        ),
        SurveySpec(
            "ces_self_service", "ces_after_self_service", ["app_chat", "website"],
            settings={"name": "CES itsepalvelu: sovellus ja verkkosivut"}, created_days_before=45,
        ),
        SurveySpec(
            "kiosk", "smiley_kiosk", ["shop_helsinki", "shop_tampere", "shop_oulu"],
            settings={"name": "Hymiöt myymälöissä"}, created_days_before=20,
        ),
        SurveySpec(
            "three_questions", "three_questions", ["business_sales", "loyalty"],
            settings={"name": "Kolme kysymystä: yritysasiakkaat ja Plus-edut", "sampling_percent": 40},
            created_days_before=10,
        ),
    ],
    # The kiosks were piloted in Kamppi and then brought to the other shops.
    kiosks=[
        KioskSpec("kiosk_helsinki", "Tabletti Kampin kassalla", "kiosk", "shop_helsinki", installed_on_day=0),
        KioskSpec("kiosk_tampere", "Tabletti Koskikeskuksen ovella", "kiosk", "shop_tampere", installed_on_day=75),
        KioskSpec("kiosk_oulu", "Tabletti Valkean kassalla", "kiosk", "shop_oulu", installed_on_day=190),
    ],
    widgets=[
        WidgetSpec(
            "web_shop_thanks", "Verkkokaupan kiitossivu", "ces_self_service", "web_shop",
            path_pattern="/kauppa/kiitos", allowed_origins="https://www.revontulimobile.fi",
            launched_on_day=120,
        ),
    ],
)  # fmt: skip

COMPLAINT_HANDLER_EMAIL = "asiakaspalvelu@hymy.fi"

# Subscriptions: name → monthly price (€). One-year commitments are sold as purchases.
SUBSCRIPTIONS = {
    "4G Perus 50M": "19.90",
    "5G 300M": "29.90",
    "5G Max 1000M": "39.90",
    "5G Koti 600M": "34.90",
    "Yritys 5G 1000M": "44.90",
}
SUBSCRIPTION_BY_SEGMENT = {
    "basic": {"4G Perus 50M": 55, "5G 300M": 35, "5G Koti 600M": 10},
    "regular": {"4G Perus 50M": 10, "5G 300M": 45, "5G Max 1000M": 30, "5G Koti 600M": 15},
    "premium": {"5G 300M": 10, "5G Max 1000M": 75, "5G Koti 600M": 15},
}

# Devices: (name, price €, our cost as a share of the price). Device margins are thin.
DEVICES = {
    "basic": [
        ("Samsung Galaxy A16", "199.00", 0.86), ("Nokia G42 5G", "229.00", 0.85),
        ("Doro 8200", "229.00", 0.8), ("Samsung Galaxy A56 5G", "449.00", 0.86),
    ],
    "regular": [
        ("Samsung Galaxy A56 5G", "449.00", 0.86), ("iPhone 15 128 Gt", "799.00", 0.9),
        ("Google Pixel 9", "899.00", 0.88), ("iPhone 16 128 Gt", "999.00", 0.9),
        ("Nokia FastMile 5G -reititin", "299.00", 0.78),
    ],
    "premium": [
        ("iPhone 16 128 Gt", "999.00", 0.9), ("Samsung Galaxy S25 256 Gt", "1009.00", 0.87),
        ("iPhone 16 Pro 256 Gt", "1379.00", 0.91), ("Samsung Galaxy Z Flip6", "1199.00", 0.88),
        ("iPad Air 11\" 5G", "899.00", 0.89),
    ],
}  # fmt: skip
ACCESSORIES = [
    ("Suojakuori", "29.90", 0.35), ("Näytönsuoja asennettuna", "24.90", 0.3),
    ("USB-C-laturi 30 W", "34.90", 0.4), ("Langaton laturi", "49.90", 0.45),
    ("AirPods 4", "159.00", 0.78), ("Galaxy Buds3", "179.00", 0.76), ("Autolaturi", "24.90", 0.4),
    ("Galaxy Watch7", "329.00", 0.8), ("Varavirtalähde 10 000 mAh", "39.90", 0.45),
]  # fmt: skip
SERVICES = [
    ("Laitteen käyttöönotto ja tiedonsiirto", "39.00", 0.3), ("eSIM-vaihto", "9.90", 0.2),
    ("Näytön vaihto", "189.00", 0.55), ("Akun vaihto", "89.00", 0.5),
    ("Tietoturva 12 kk", "59.88", 0.25),
]  # fmt: skip

# --- What staff write about encounters -------------------------------------------------------------

ANONYMOUS_VISITS = [
    "Kävijä kysyi 5G-liittymien hintoja.",
    "Ohikulkija kysyi laturin hintaa.",
    "Kävijä vertaili iPhonea ja Galaxya, ei ostanut vielä.",
    "Kysyttiin kuuluvuutta mökillä Saimaalla.",
    "Kävijä kysyi eSIMin siirrosta uuteen puhelimeen.",
    "Turisti kysyi prepaid-liittymää (englanniksi).",
    "Kysyttiin kotinetin nopeutta kerrostalossa.",
]
ANONYMOUS_CHATS = [
    "Chatissa kysyttiin liittymätarjouksen ehdoista.",
    "Kysyttiin, toimiiko 5G Oulun keskustassa.",
    "Kysyttiin numeronsiirron kestoa.",
    "Kysyttiin kotinetin saatavuutta osoitteeseen.",
]
WEBSITE_VISITS = [
    "Vertaili liittymiä verkkosivuilla.",
    "Tarkisti kuuluvuuskartan kotiosoitteelle.",
    "Luki puhelinten vertailua ja arvosteluja.",
    "Katsoi kotinetin saatavuuden osoitteeseen.",
]
PRESALE_CHATS = [
    "Asiakas kysyi 5G-liittymän nopeudesta.",
    "Asiakas kysyi, sopiiko liittymä lapselle.",
    "Asiakas kysyi puhelimen toimitusaikaa.",
    "Asiakas kysyi osamaksun ehdoista.",
]
ACQUISITION = {
    "ads": ["Tuli asiakkaaksi Instagram-mainoksen kautta.", "Löysi tarjouksen hakukoneesta.",
            "Näki liittymätarjouksen Facebookissa."],
    "referral": ["Kaveri suositteli; kummallekin 20 € hyvitys laskulle.",
                 "Työkaveri suositteli Revontulta."],
}  # fmt: skip

# Support topics: (what the customer asked, where it usually goes).
SUPPORT_TOPICS = [
    "Asiakas kysyi, miksi 5G-yhteys katkeilee kotona.",
    "Roaming-hinnat Turkissa ja EU:n ulkopuolella.",
    "PUK-koodi unohtunut, SIM lukossa.",
    "Laskulla tuntematon lisäpalveluveloitus.",
    "eSIMin siirto uuteen puhelimeen.",
    "Kotinetin reititin ei yhdistä.",
    "Numeronsiirto vanhalta operaattorilta kesken.",
    "Puhelinvastaaja ei toimi.",
    "Liittymän nopeuden vaihto.",
    "Lapsen liittymään halutaan käyttörajoitus.",
]
SUPPORT_RESOLVED = [
    "Ohjeistettu, asia ratkesi puhelun aikana.",
    "Asetukset päivitetty, toimii.",
    "Selvitetty ja korjattu.",
]
SUPPORT_UNRESOLVED = [
    "Asia jäi selvittelyyn; luvattu soittaa takaisin.",
    "Ohjattiin soittamaan uudelleen toiseen numeroon.",
    "Puhelu katkesi siirrossa.",
    "Asiakas ei saanut vastausta; pyysi esimiehen yhteydenottoa.",
]
SUPPORT_COMPLAINTS = [
    "Asiakas reklamoi: sama vika kolmatta kertaa, ei ratkaisua.",
    "Asiakas tyytymätön: jonotti 40 minuuttia ja puhelu katkesi.",
    "Asiakas reklamoi väärästä neuvosta, jonka takia laskulle tuli lisämaksu.",
]
REPAIR_TOPICS = [
    "Näyttö rikki, vaihdettu takuussa.",
    "Akku tyhjenee nopeasti, akku vaihdettu.",
    "Latausportti ei toimi, laite huoltoon.",
    "Kamera ei tarkenna, varalaite annettu.",
]
REPAIR_BAD = [
    "Korjaus viivästyi, varaosa ei tullut ajoissa.",
    "Takuukorjaus evättiin kosteusvaurion takia; asiakas eri mieltä.",
]
DELIVERY_OK = [
    "Paketti toimitettu luvattuna päivänä.",
    "Toimitettu, kuljettaja soitti 30 min ennen.",
    "Toimitettu työpaikalle vastaanottoon.",
]
DELIVERY_UNRESOLVED = [
    "Kuljettaja ei tavoittanut asiakasta, paketti palautettiin noutopisteeseen.",
    "Paketti jätettiin naapurille ilman ilmoitusta.",
    "Toimitus siirtyi seuraavalle päivälle ilman ilmoitusta.",
]
DELIVERY_COMPLAINTS = [
    "Paketti myöhässä kaksi päivää; asiakas reklamoi.",
    "Laite saapui rikkinäisenä, laatikko märkä.",
    "Paketti katosi kuljetuksessa; asiakas reklamoi.",
]
BILLING_OK = [
    "Osamaksusopimus hyväksytty, 24 kk.",
    "E-laskun tilaus vahvistettu.",
    "Laskun eräpäivää siirretty asiakkaan pyynnöstä.",
]
BILLING_BAD = [
    "Laskulla virheellinen roaming-veloitus.",
    "Kuukausimaksu veloitettu kahdesti.",
]
SHOP_BAD = [
    "Jono 40 minuuttia, asiakas tuskastui.",
    "Myyjä ei osannut vastata sopimusehtoihin; asiakas odotti esimiestä.",
    "Haluttu väri loppu, asiakas otti toisen.",
]
WEB_SHOP_BAD = ["Tilauksen toimitusaika muuttui tilauksen jälkeen.", "Alennuskoodi ei toiminut kassalla."]
BUSINESS_SALES_BAD = ["Tarjous viivästyi, asiakas muistutti.", "Tilauksesta puuttui kaksi liittymää."]
BILLING_ANSWERED = ["Laskun erittely selvitetty asiakkaalle.", "Osamaksun loppusumma kerrottu."]
PAYMENT_OK = ["Maksettu verkkopankissa.", "Maksettu kortilla.", "Maksettu MobilePaylla."]
PAYMENT_BAD = ["Korttimaksu hylättiin kahdesti, onnistui kolmannella."]
ACTIVATION_OK = ["Liittymä aktivoitu, tekstiviesti lähetetty.", "Numeronsiirto valmis luvattuna päivänä."]
ACTIVATION_BAD = ["Numeronsiirto viivästyi vuorokaudella.", "eSIM-profiili ei latautunut, uusi QR-koodi."]
PICKUP_OK = ["Tilaus noudettu myymälästä.", "Nouto, laite otettiin käyttöön myymälässä."]
PICKUP_BAD = ["Tilaus ei ollut noutovalmiina luvattuna päivänä."]
UPGRADE_OFFERS = [
    "Vaihtotarjous: uusi puhelin 24 kk osamaksulla, vanha hyvitetään.",
    "Tarjous: 5G Max 1000M kolme kuukautta ilman lisähintaa.",
]
LOYALTY = [
    "Revontuli Plus: elokuvaliput kahdelle syntymäpäivänä.",
    "Kanta-asiakasilta myymälässä: uutuuspuhelimet esittelyssä.",
    "Plus-etu: ilmainen näytönsuojan asennus.",
]
COMPLAINT_RECEIVED = ["Reklamaatio kirjattu, vastaus luvattu viikon sisällä."]
COMPLAINT_FIXED = [
    "Reklamaatio ratkaistu: hyvitys 15 € seuraavalle laskulle ja pahoittelut.",
    "Reklamaatio ratkaistu: uusi laite lähetetty veloituksetta.",
    "Reklamaatio ratkaistu: virheellinen veloitus hyvitetty.",
]
COMPLAINT_LEFT_OPEN = [
    "Hyvityspyyntö hylätty; asiakas ei ole tyytyväinen ratkaisuun.",
    "Reklamaatio siirretty kumppanille, ei vastausta asiakkaalle.",
]
CHURN_REASONS = [
    "Asiakas irtisanoi liittymän: siirtyi toiselle operaattorille halvemman tarjouksen perässä.",
    "Liittymä irtisanottu, numero siirretty toiselle operaattorille.",
    "Asiakas irtisanoi: ei halua enää asioida kanssamme.",
]
COMPLAINT_NOTES = [
    "Soitin asiakkaalle ja pahoittelin. Seurataan, ettei toistu.",
    "Asiakas harkitsee operaattorin vaihtoa; tarjottu hyvitystä.",
    "Pyydetty kumppanilta selvitys viivästyksestä.",
]
NEEDS_AND_WISHES = {
    "fi": [
        "Toivoo yhteydenotot vain sähköpostilla.",
        "Kuulovamma: tekstiviesti mieluummin kuin puhelu.",
        "Haluaa aina paperilaskun.",
        "Mökillä Kuusamossa kesäisin: kuuluvuus tärkeää.",
        "Vaihtaa puhelimen aina syyskuussa uuden mallin tullessa.",
        "Ei halua puhelinmyyntiä.",
    ],
    "sv": ["Haluaa palvelua ruotsiksi.", "Asioi ruotsiksi; toivoo laskut ruotsinkielisinä."],
    "en": ["Asioi englanniksi, toivoo yhteydenotot sähköpostilla.", "Speaks English; prefers chat."],
}
COMPANY_NEEDS = [
    "Laitteet uusitaan kahden vuoden välein syyskuussa.",
    "Laskutus yhdellä koontilaskulla kuukausittain.",
    "Yhteyshenkilö haluaa tarjoukset sähköpostilla ennen puhelua.",
]
