"""What respondents write when a survey asks "why?": Finnish, Swedish and English, by touchpoint and score.

Each group is what people say about one kind of touchpoint, in three score bands ('low' for
detractors and the unhappy, 'middle', 'high'). A comment is a core sentence, sometimes followed by
a second one, with its slots filled ({minutes} in the queue, {days} late, the seller's name) and
written as people really type: sometimes without a capital letter or the final full stop.

The words are what the planted model makes people feel: the partner's deliveries are late and
the call centre's queue is long, so that is what their comments say.
"""

import random

# Shops: where ("in Kamppi" needs Finnish's own case endings) and who served.
SHOP_WORDS = {
    "shop_helsinki": {"fi": "Kampissa", "sv": "i Kampen", "en": "at Kamppi"},
    "shop_tampere": {"fi": "Koskikeskuksessa", "sv": "i Koskikeskus", "en": "at Koskikeskus"},
    "shop_oulu": {"fi": "Valkeassa", "sv": "i Valkea", "en": "at Valkea"},
}
# (name, the Finnish "to <name>" for thanks: Riikka → Riikalle, Tuomas → Tuomakselle).
SELLERS = {
    "shop_helsinki": [
        ("Mika", "Mikalle"),
        ("Jenni", "Jennille"),
        ("Ahmed", "Ahmedille"),
        ("Laura", "Lauralle"),
    ],
    "shop_tampere": [("Tuomas", "Tuomakselle"), ("Riikka", "Riikalle"), ("Ville", "Villelle")],
    "shop_oulu": [("Jussi", "Jussille"), ("Hanna", "Hannalle"), ("Eetu", "Eetulle")],
}

COMMENTS: dict[str, dict[str, dict[str, list[str]]]] = {
    "shop": {
        "low": {
            "fi": [
                "Jonotin {shop} yli {minutes} minuuttia, vaikka paikalla oli vain kaksi myyjää.",
                "Myyjä ei osannut kertoa, mitä sopimuksen ehdot tarkoittavat. Piti odottaa esimiestä.",
                "Hinta oli kassalla eri kuin hyllyssä, eikä kukaan osannut selittää miksi.",
                "Tuntui, että myyjää kiinnosti vain myydä kallein liittymä.",
                "Haluamaani väriä ei ollut, vaikka verkkosivuilla luki että myymälässä on varastoa.",
                "Tiedonsiirto vanhasta puhelimesta jäi kesken ja jouduin tulemaan uudestaan.",
                "Sain myymälässä väärää tietoa numeronsiirrosta ja liittymä oli päivän poikki.",
                "Liian vähän henkilökuntaa lauantaina, jono ulottui ovelle asti.",
                "Myyjä oli tyly ja kiireinen, en kokenut olevani tervetullut.",
                "Suojakalvo asennettiin vinoon ja sen alle jäi kuplia.",
                "Jonotin {minutes} minuuttia ja lopulta myyjä sanoi, että asia hoidetaan vain puhelimessa.",
            ],
            "sv": [
                "Jag köade i över {minutes} minuter {shop} och det fanns bara två säljare.",
                "Säljaren kunde inte svara på frågor om avtalsvillkoren.",
                "Priset i kassan var ett annat än på hyllan.",
                "Ingen kunde betjäna mig på svenska trots att jag frågade.",
                "Det kändes som om säljaren bara ville sälja det dyraste abonnemanget.",
            ],
            "en": [
                "Waited over {minutes} minutes {shop} with only two staff on the floor.",
                "The salesperson couldn't explain the contract terms.",
                "The price at the till was different from the shelf price.",
                "Felt pushed towards the most expensive plan.",
                "Nobody could help me in English, I had to come back with a Finnish friend.",
            ],
        },
        "middle": {
            "fi": [
                "Palvelu oli ihan ok, mutta jonottaa piti turhan kauan.",
                "Asia hoitui, mutta hinta tuntui kovalta verrattuna kilpailijoihin.",
                "Myyjä oli ystävällinen, mutta ei osannut vastata kaikkiin kysymyksiin.",
                "Ei valittamista, ei erityistä kehuttavaakaan.",
                "Sain mitä hain. Jatkossa toivoisin, että ajan voisi varata etukäteen.",
                "Hyvä palvelu, mutta myymälä oli ruuhkainen ja meluisa.",
                "Nopeasti hoitui, vaikka puhelimen käyttöönotto jäi vähän puolitiehen.",
                "{seller} oli mukava, mutta kassalla odotteli pitkään.",
            ],
            "sv": [
                "Servicen var okej, men det tog lång tid.",
                "Ärendet sköttes, men priset kändes högt.",
                "Vänlig personal, men rörigt i butiken.",
            ],
            "en": [
                "Service was fine but the queue was long.",
                "Got what I needed, though the prices are a bit high.",
                "Friendly staff, but it took a while to find someone who spoke English.",
            ],
        },
        "high": {
            "fi": [
                "Myyjä {shop} oli todella asiantunteva ja jaksoi vertailla puhelimia kanssani.",
                "Kiitos {seller_to}! Siirsi kaikki tiedot uuteen puhelimeen ja neuvoi kärsivällisesti.",
                "{seller} osasi suositella juuri minulle sopivan liittymän eikä tyrkyttänyt kalleinta.",
                "Nopea ja ystävällinen palvelu, olin ulkona vartissa.",
                "Ei jonoa ja asia hoitui kerralla. Näin pitää olla!",
                "Selkeä hinta ja rehellinen neuvonta. Asioin täällä jatkossakin.",
                "Myyjä otti puhelimen käyttöön valmiiksi ja asensi suojakalvon. Erinomaista palvelua.",
                "Mukava tunnelma, asiantunteva henkilökunta ja sain heti mitä tulin hakemaan.",
                "Äidille ostettiin ensimmäinen älypuhelin ja myyjä neuvoi häntä todella kärsivällisesti.",
                "{seller} {shop} hoiti numeronsiirron ja eSIMin niin, ettei minun tarvinnut tehdä mitään.",
            ],
            "sv": [
                "Säljaren {shop} var mycket kunnig och tog sig tid.",
                "Tack {seller}! All data flyttades till den nya telefonen.",
                "Snabb och vänlig service, och på svenska dessutom!",
                "Ärlig rådgivning, jag fick precis det abonnemang jag behövde.",
            ],
            "en": [
                "{seller} was super helpful and explained everything in English.",
                "Really knowledgeable staff {shop}, in and out in fifteen minutes.",
                "Honest advice, they didn't try to upsell me.",
                "Moved all my data to the new phone while I waited. Great service!",
            ],
        },
    },
    "web_shop": {
        "low": {
            "fi": [
                "Alennuskoodi ei toiminut kassalla ja jouduin maksamaan täyden hinnan.",
                "Toimitusaika muuttui tilauksen jälkeen viikolla, eikä siitä kerrottu etukäteen.",
                "Tilausvahvistus tuli vasta seuraavana päivänä, ehdin jo luulla ettei tilaus mennyt läpi.",
                "Verkkokauppa kaatui kesken maksun ja tilaus tuli kahteen kertaan.",
                "Liittymän valinta oli sekava, en tiennyt mitä lopulta tilasin.",
            ],
            "sv": [
                "Rabattkoden fungerade inte i kassan.",
                "Leveranstiden ändrades efter att jag hade beställt.",
                "Webbutiken finns inte ens på svenska.",
            ],
            "en": [
                "The discount code didn't work at checkout.",
                "Delivery date changed after I had ordered and nobody told me.",
                "The site crashed during payment and the order went through twice.",
            ],
        },
        "middle": {
            "fi": [
                "Tilaaminen onnistui, mutta sivusto on hidas puhelimella.",
                "Ihan toimiva verkkokauppa, mutta toimitusvaihtoehtoja voisi olla enemmän.",
                "Hinta ok, mutta tuotekuvauksista puuttui tietoa.",
                "Helppo tilata, mutta vahvistusviesti oli vaikeaselkoinen.",
            ],
            "sv": ["Beställningen gick bra, men sidan är långsam på mobilen."],
            "en": [
                "Ordering was OK, but the site is slow on mobile.",
                "Fine, but the product pages lack details.",
            ],
        },
        "high": {
            "fi": [
                "Tilaus onnistui muutamassa minuutissa ja paketti tuli jo seuraavana päivänä.",
                "Selkeä verkkokauppa, hinnat ja toimitusaika näkyivät heti.",
                "Helppo vertailla puhelimia ja liittymiä samalla sivulla.",
                "Kaikki toimi niin kuin pitää, ei moitittavaa.",
                "Osamaksu ja tilaus hoituivat kätevästi kotisohvalta.",
            ],
            "sv": ["Lätt att beställa och paketet kom redan nästa dag.", "Tydlig webbutik, allt fungerade."],
            "en": [
                "Ordered in five minutes, delivered the next day.",
                "Clear prices and delivery times, very easy.",
            ],
        },
    },
    "delivery": {
        "low": {
            "fi": [
                "Paketti tuli {days} päivää myöhässä eikä kukaan ilmoittanut mitään.",
                "Kuljettaja ei soittanut, vaikka niin luvattiin, ja paketti vietiin noutopisteeseen.",
                "Paketti jätettiin oven taakse ilman ilmoitusta. Onneksi kukaan ei vienyt sitä.",
                "Laatikko oli märkä ja painunut, puhelimen näytössä oli naarmu.",
                "Seurantakoodi ei toiminut koko aikana, en tiennyt missä paketti on.",
                "Odotin kotona koko päivän turhaan, toimitus siirtyi ilman mitään viestiä.",
                "Kuljetusyhtiön asiakaspalveluun ei saanut yhteyttä, ja Revontuli vain ohjasi heille.",
                "Paketti toimitettiin naapurille, mistä kuulin vasta kolmen päivän päästä.",
                "Puhelin oli luvattu perjantaiksi, tuli tiistaina. Kukaan ei pahoitellut.",
            ],
            "sv": [
                "Paketet kom {days} dagar för sent och ingen meddelade något.",
                "Paketet lämnades utanför dörren utan besked.",
                "Kartongen var blöt och telefonen hade en repa.",
            ],
            "en": [
                "The parcel arrived {days} days late and nobody let me know.",
                "The driver left the box outside the door without a note.",
                "Tracking never worked, I had no idea where my phone was.",
                "The box was soaking wet and the phone had a scratch.",
            ],
        },
        "middle": {
            "fi": [
                "Paketti tuli, mutta toimitusikkuna oli koko päivä ja jouduin odottamaan.",
                "Toimitus meni ihan ok, vaikka kuljettaja ei soittanut etukäteen.",
                "Paketti tuli perille, mutta päivää myöhemmin kuin tilatessa luvattiin.",
                "Ei ongelmia, mutta noutopiste olisi ollut kätevämpi kuin kotiinkuljetus.",
            ],
            "sv": ["Paketet kom, men jag fick vänta hemma hela dagen."],
            "en": ["It arrived, but I had to wait at home all day."],
        },
        "high": {
            "fi": [
                "Paketti tuli luvattuna päivänä ja kuljettaja soitti puoli tuntia ennen.",
                "Nopea toimitus, puhelin oli kotona jo seuraavana päivänä.",
                "Kuljettaja oli ystävällinen ja toimitus sujui ongelmitta.",
            ],
            "sv": ["Paketet kom på utlovad dag och chauffören ringde innan."],
            "en": ["Delivered on the promised day and the driver called ahead."],
        },
    },
    "pickup": {
        "low": {
            "fi": [
                "Tilaus ei ollut noutovalmiina, vaikka sain viestin että on.",
                "Noudossa meni puoli tuntia, kun pakettia etsittiin varastosta.",
            ],
            "sv": ["Beställningen var inte klar att hämtas fast jag fick ett sms om det."],
            "en": ["My order wasn't ready for pick-up even though I got a text saying it was."],
        },
        "middle": {
            "fi": ["Nouto onnistui, mutta jouduin jonottamaan samaan jonoon muiden kanssa."],
            "sv": ["Det gick bra, men jag fick stå i samma kö som alla andra."],
            "en": ["Pick-up worked, but I had to queue with everyone else."],
        },
        "high": {
            "fi": [
                "Tilaus odotti valmiina ja myyjä otti puhelimen käyttöön samalla.",
                "Nouto kesti kaksi minuuttia. Kätevää!",
            ],
            "sv": ["Beställningen väntade färdig, det tog två minuter."],
            "en": ["The order was waiting for me, took two minutes."],
        },
    },
    "call_centre": {
        "low": {
            "fi": [
                "Jonotin puhelimessa {minutes} minuuttia ja puhelu katkesi siirrossa.",
                "Asiakaspalvelija ei ymmärtänyt ongelmaani ja luki vain käsikirjoitusta.",
                "Jouduin selittämään saman asian kolmelle eri ihmiselle.",
                "Luvattiin soittaa takaisin, mutta kukaan ei soittanut.",
                "Sain väärän neuvon ja laskulle tuli lisämaksu.",
                "Vastaaja ei osannut auttaa vaan käski soittaa myöhemmin uudestaan.",
                "Sama vika jo kolmatta kertaa, eikä kukaan ota vastuuta.",
                "Jonotin {minutes} minuuttia, ja kun vihdoin pääsin läpi, minut ohjattiin chattiin.",
                "Jonotin puhelimessa {minutes} minuuttia.",
            ],
            "sv": [
                "Jag köade i {minutes} minuter och samtalet bröts.",
                "Ingen kunde betjäna mig på svenska.",
                "De lovade ringa tillbaka men ingen ringde.",
            ],
            "en": [
                "Waited {minutes} minutes on hold and then got cut off.",
                "Nobody could help me in English, I was passed around.",
                "They promised to call back and never did.",
            ],
        },
        "middle": {
            "fi": [
                "Asia ratkesi lopulta, mutta jonotusaika oli liian pitkä.",
                "Ystävällinen asiakaspalvelija, mutta jouduin soittamaan kahdesti.",
                "Ok palvelu, mutta vastaus tuntui ulkoa opetellulta.",
                "Sain apua, vaikka puhelu siirrettiin kerran väärään paikkaan.",
            ],
            "sv": ["Ärendet löstes till slut, men kötiden var för lång."],
            "en": ["Problem solved eventually, but the wait was far too long."],
        },
        "high": {
            "fi": [
                "Pääsin läpi nopeasti ja asia ratkesi yhdellä puhelulla.",
                "Asiakaspalvelija oli kärsivällinen ja kävi laskun kanssani läpi rivi riviltä.",
                "Erittäin ystävällinen palvelu, PUK-koodi saatiin heti.",
                "Asiantunteva vastaaja, vika korjaantui saman tien.",
            ],
            "sv": ["Kom fram snabbt och ärendet löstes direkt."],
            "en": ["Quick answer and the agent fixed it on the first call."],
        },
    },
    "chat": {
        "low": {
            "fi": [
                "Chatissa vastattiin vasta {minutes} minuutin päästä.",
                "Chatbotti pyöritti samaa kysymystä, ihmiseen ei päässyt.",
                "Vastaukset olivat ympäripyöreitä, en saanut selvää hintaa.",
            ],
            "sv": ["Det tog {minutes} minuter innan någon svarade i chatten."],
            "en": ["It took {minutes} minutes before anyone answered the chat."],
        },
        "middle": {
            "fi": ["Sain vastauksen, mutta jouduin odottamaan.", "Ihan hyvä, mutta tarjous jäi epäselväksi."],
            "sv": ["Jag fick svar, men fick vänta."],
            "en": ["Got an answer, but had to wait a while."],
        },
        "high": {
            "fi": [
                "Chatissa vastattiin heti ja sain selkeän suosituksen liittymästä.",
                "Nopea ja asiantunteva vastaus, tilasin saman tien.",
                "Kätevä tapa kysyä, ei tarvinnut soittaa.",
            ],
            "sv": ["Snabbt svar i chatten och ett tydligt förslag."],
            "en": ["Instant answer and a clear recommendation, ordered right away."],
        },
    },
    "app": {
        "low": {
            "fi": [
                "Sovelluksesta en löytänyt mistään laskun erittelyä.",
                "Sovellus kirjasi minut ulos kesken asioinnin.",
                "Jouduin lopulta soittamaan, koska sovelluksessa asia ei onnistunut.",
                "Liittymän nopeuden vaihto oli piilotettu kolmen valikon taakse.",
                "Chatissa botti ei ymmärtänyt kysymystä ja ihmistä sai odottaa {minutes} minuuttia.",
            ],
            "sv": [
                "Appen loggade ut mig mitt i ärendet.",
                "Jag hittade inte fakturaspecifikationen i appen.",
            ],
            "en": [
                "The app logged me out halfway through.",
                "Couldn't find the invoice breakdown anywhere in the app.",
            ],
        },
        "middle": {
            "fi": [
                "Asia hoitui, mutta valikoista oli vaikea löytää oikea kohta.",
                "Toimi, mutta sovellus on hidas.",
                "Onnistui toisella yrityksellä.",
            ],
            "sv": ["Det gick, men appen är långsam."],
            "en": ["It worked, but the menus are confusing."],
        },
        "high": {
            "fi": ["Hoitui sovelluksessa parissa minuutissa.", "Helppo ja nopea, ei tarvinnut soittaa."],
            "sv": ["Klart på två minuter i appen."],
            "en": ["Done in the app in two minutes."],
        },
    },
    "website": {
        "low": {
            "fi": [
                "Kuuluvuuskartta ei näyttänyt mitään puhelimella.",
                "Liittymien vertailu oli sekava, hinnat ilman ehtoja.",
                "Sivuilta ei löytynyt, paljonko puhelin maksaa ilman liittymää.",
            ],
            "sv": ["Täckningskartan fungerade inte på mobilen."],
            "en": ["The coverage map didn't load on my phone."],
        },
        "middle": {
            "fi": [
                "Tiedot löytyivät, mutta hakemalla.",
                "Vertailu oli ok, pienellä präntätyt ehdot ärsyttivät.",
            ],
            "sv": ["Jag hittade det till slut."],
            "en": ["Found what I needed, eventually."],
        },
        "high": {
            "fi": ["Liittymien vertailu oli selkeä.", "Kuuluvuuskartta näytti mökin kuuluvuuden heti."],
            "sv": ["Tydlig jämförelse av abonnemangen."],
            "en": ["Comparing the plans was easy."],
        },
    },
    "repair": {
        "low": {
            "fi": [
                "Korjaus kesti kolme viikkoa, vaikka luvattiin viikko.",
                "Takuukorjaus evättiin kosteusvauriona, vaikka puhelin ei ole ollut märkä.",
                "Varalaitetta ei ollut tarjolla, olin viikon ilman puhelinta.",
                "Huollosta ei kerrottu mitään, jouduin itse kyselemään perään.",
            ],
            "sv": ["Reparationen tog tre veckor i stället för en."],
            "en": ["The repair took three weeks instead of the promised one."],
        },
        "middle": {
            "fi": [
                "Korjaus onnistui, mutta kesti luvattua kauemmin.",
                "Hyvä lopputulos, tiedotus olisi voinut olla parempaa.",
            ],
            "sv": ["Bra resultat, men det tog längre tid än utlovat."],
            "en": ["Good result, but it took longer than promised."],
        },
        "high": {
            "fi": [
                "Näyttö vaihdettiin tunnissa, sillä välin kävin kahvilla.",
                "Sain varalaitteen heti ja korjaus valmistui etuajassa.",
                "Akku vaihdettiin takuussa ilman mitään kyselyjä.",
            ],
            "sv": ["Skärmen byttes på en timme."],
            "en": ["Screen replaced within an hour, brilliant."],
        },
    },
    # Only the unhappy write about these: they are where an experience went wrong along the way.
    "billing": {
        "low": {
            "fi": [
                "Laskulla oli roaming-veloitus, vaikka olin koko ajan Suomessa.",
                "Kuukausimaksu veloitettiin kahteen kertaan.",
            ],
            "sv": ["Månadsavgiften drogs två gånger."],
            "en": ["I was charged the monthly fee twice."],
        },
    },
    "activation": {
        "low": {
            "fi": [
                "Numeronsiirto viivästyi ja olin päivän ilman liittymää.",
                "eSIM ei latautunut ja jouduin pyytämään uuden QR-koodin.",
            ],
            "sv": ["Nummerflytten blev försenad och jag var utan abonnemang en dag."],
            "en": ["The number transfer was a day late and I had no phone line."],
        },
    },
    "payment": {
        "low": {
            "fi": ["Korttimaksu hylättiin kahdesti ilman selitystä."],
            "sv": ["Kortbetalningen nekades två gånger."],
            "en": ["My card payment was declined twice for no reason."],
        },
    },
    "complaint": {
        "low": {
            "fi": [
                "Reklamaatiooni ei ole vastattu kolmeen viikkoon.",
                "Reklamaatio pallottelee teidän ja kuljetusyhtiön välillä, kukaan ei ota vastuuta.",
                "Hyvityspyyntöni hylättiin ilman kunnollisia perusteluja.",
                "Odotan edelleen vastausta reklamaatioon.",
            ],
            "sv": ["Jag väntar fortfarande på svar på min reklamation."],
            "en": ["Still waiting for an answer to my complaint."],
        },
    },
    # Smileys by the till: short, typed on a tablet while standing.
    "kiosk": {
        "low": {
            "fi": [
                "Liian pitkä jono",
                "jonotin puoli tuntia",
                "Myyjä ei tiennyt vastausta",
                "Hinnat liian kovat",
                "Tylyä palvelua",
                "kukaan ei ehtinyt palvella",
                "Vain yksi kassa auki",
            ],
            "sv": ["Lång kö", "Ingen service på svenska"],
            "en": ["Long queue", "Nobody spoke English"],
        },
        "middle": {
            "fi": ["Ihan ok", "Jonoa oli", "Kiire oli", "Hyvä mutta hidas", "ok"],
            "sv": ["Okej"],
            "en": ["OK", "A bit slow"],
        },
        "high": {
            "fi": [
                "Kiitos!",
                "Mahtava palvelu",
                "Nopeaa ja ystävällistä",
                "Kiitos {seller_to}!",
                "Paras myymälä",
                "Asiantuntevaa palvelua",
                "kiitos avusta",
            ],
            "sv": ["Tack!", "Bra service"],
            "en": ["Great service, thanks!", "Very helpful staff"],
        },
    },
    # The question on the web shop's thank-you page: was ordering easy?
    "widget": {
        "low": {
            "fi": [
                "Alennuskoodi ei toiminut",
                "Maksu epäonnistui ensin",
                "Sivu latautui tosi hitaasti puhelimella",
                "En löytänyt toimitusvaihtoehtoja",
                "Liian monta vaihetta kassalla",
            ],
            "sv": ["Rabattkoden fungerade inte"],
            "en": ["Discount code didn't work", "Checkout was slow on my phone"],
        },
        "middle": {
            "fi": [
                "Ihan ok, mutta jouduin luomaan tunnuksen",
                "Toimi, vähän hidas",
                "Toimitusaika oli epäselvä",
            ],
            "sv": ["Det gick, men långsamt"],
            "en": ["Worked, but I had to create an account"],
        },
        "high": {
            "fi": ["Helppoa!", "Nopea tilata"],
            "sv": ["Enkelt!"],
            "en": ["Easy!"],
        },
    },
}

# A second sentence, sometimes.
EXTRAS = {
    "low": {
        "fi": [
            "Harkitsen operaattorin vaihtoa.",
            "Odotin parempaa.",
            "Toivottavasti tähän puututaan.",
            "Ei ensimmäinen kerta.",
            "Todella turhauttavaa.",
            "Korvausta en ole saanut.",
        ],
        "sv": ["Mycket frustrerande.", "Funderar på att byta operatör."],
        "en": ["Really frustrating.", "Considering switching operators."],
    },
    "middle": {
        "fi": ["Muuten ihan ok.", "Parannettavaa on.", "Ei sen kummempaa."],
        "sv": ["Annars okej."],
        "en": ["Otherwise fine."],
    },
    "high": {
        "fi": [
            "Kiitos!",
            "Jatkakaa samaan malliin!",
            "Suosittelen lämpimästi.",
            "Kiitos hyvästä palvelusta.",
        ],
        "sv": ["Tack!", "Fortsätt så!"],
        "en": ["Thanks!", "Keep it up!"],
    },
}

# The three direct questions after a Revontuli Plus benefit: (question position, yes/no) → whys.
THREE_QUESTIONS = {
    (1, 1): {
        "fi": [
            "Elokuvaliput tulivat ajallaan synttäreille.",
            "Etu oli helppo käyttää.",
            "Sain etukoodin heti sovellukseen.",
        ],
        "sv": ["Förmånen var lätt att använda."],
        "en": ["The benefit was easy to use."],
    },
    (1, 0): {
        "fi": ["Etukoodi ei toiminut kassalla.", "Etua luvattiin, mutta sitä ei koskaan tullut."],
        "sv": ["Förmånskoden fungerade inte."],
        "en": ["The benefit code didn't work."],
    },
    (2, 1): {
        "fi": [
            "Liittymä toimii ja hinta on kohdallaan.",
            "Olen ollut asiakkaana kymmenen vuotta, miksi vaihtaisin.",
            "Kuuluvuus on hyvä myös mökillä.",
        ],
        "sv": ["Abonnemanget fungerar och priset är rimligt."],
        "en": ["The plan works and the price is fair."],
    },
    (2, 0): {
        "fi": [
            "Kilpailija tarjoaa saman halvemmalla.",
            "Jos laskutusvirheet jatkuvat, vaihdan operaattoria.",
        ],
        "sv": ["En konkurrent erbjuder samma sak billigare."],
        "en": ["A competitor offers the same for less."],
    },
    (3, 1): {
        "fi": ["Olen jo suositellut pariin otteeseen työkavereille.", "Hyvä kuuluvuus ja reilu palvelu."],
        "sv": ["Jag har redan rekommenderat er till kollegor."],
        "en": ["I've already recommended you to colleagues."],
    },
    (3, 0): {
        "fi": ["En suosittele ennen kuin asiakaspalveluun pääsee läpi.", "Hinnat ovat nousseet liikaa."],
        "sv": ["Inte förrän man kommer fram till kundtjänst."],
        "en": ["Not until I can actually get through to customer service."],
    },
}

# The same questions after a business order, answered by the company's contact person.
BUSINESS_WHYS = {
    (1, 1): {
        "fi": ["Laitteet tulivat valmiiksi asennettuina.", "Tarjous tuli samana päivänä kuin pyysimme."],
        "sv": ["Enheterna kom färdigt installerade."],
        "en": ["The phones arrived set up and ready."],
    },
    (1, 0): {
        "fi": ["Tilauksesta puuttui kaksi liittymää.", "Laitteet tulivat myöhässä, työntekijät odottivat."],
        "sv": ["Två abonnemang saknades i beställningen."],
        "en": ["Two lines were missing from the order."],
    },
    (2, 1): {
        "fi": ["Oma yhteyshenkilö vastaa aina samana päivänä.", "Koontilasku on selkeä, ei syytä vaihtaa."],
        "sv": ["Vår kontaktperson svarar alltid samma dag."],
        "en": ["Our account manager always answers the same day."],
    },
    (2, 0): {
        "fi": ["Kilpailutamme liittymät ensi vuonna.", "Jos toimitukset eivät parane, vaihdamme."],
        "sv": ["Vi konkurrensutsätter abonnemangen nästa år."],
        "en": ["We are putting the contract out to tender next year."],
    },
    (3, 1): {
        "fi": ["Suosittelen yrityksille, joilla on paljon liikkuvaa henkilöstöä."],
        "sv": ["Jag rekommenderar er till företag med mycket resande personal."],
        "en": ["I'd recommend you to companies with staff on the move."],
    },
    (3, 0): {
        "fi": ["Laskutus on ollut liian sekavaa.", "En ennen kuin toimitukset ovat luotettavia."],
        "sv": ["Faktureringen har varit för rörig."],
        "en": ["Not until deliveries are reliable."],
    },
}

# An account manager's notes from a phone interview with a business customer (written by staff).
INTERVIEW_NOTES = {
    (1, 1): [
        "Tilatut laitteet tulivat valmiiksi asennettuina, käyttöönotto sujui.",
        "Koontilasku on selkeä ja vastaa sopimusta.",
        "Tarjous tuli samana päivänä kuin pyydettiin.",
    ],
    (1, 0): [
        "Viimeisestä tilauksesta puuttui kaksi liittymää, korjaus kesti viikon.",
        "Laitteet tulivat kuljetusyhtiön kautta myöhässä, työntekijät odottivat.",
    ],
    (2, 1): [
        "Kehui omaa yhteyshenkilöä: vastaa aina samana päivänä.",
        "Sopimus jatkuu, ei aikeita kilpailuttaa.",
        "Tyytyväinen kuuluvuuteen työmailla.",
    ],
    (2, 0): [
        "Kilpailuttavat liittymät ensi vuonna, hinta ratkaisee.",
        "Harkitsevat vaihtoa, jos toimitukset eivät parane.",
    ],
    (3, 1): [
        "Suosittelisi yrityksille, joilla paljon liikkuvaa henkilöstöä.",
        "On jo suositellut yhteistyökumppanille.",
    ],
    (3, 0): [
        "Laskutus on ollut liian sekavaa suositeltavaksi.",
        "Ei suosittele ennen kuin toimitukset paranevat.",
    ],
}


def fill(template: str, rng: random.Random, *, touchpoint_key: str, language: str) -> str:
    """The template with its slots filled; a shop's own words and seller for shop touchpoints."""
    shop = touchpoint_key if touchpoint_key in SHOP_WORDS else "shop_helsinki"
    seller, seller_to = rng.choice(SELLERS[shop])
    return template.format(
        shop=SHOP_WORDS[shop][language],
        seller=seller,
        seller_to=seller_to,
        minutes=rng.choice([15, 20, 25, 25, 30, 35, 40, 45]),
        days=rng.choice([2, 2, 3, 4]),
    )


def casual(text: str, rng: random.Random, *, may_lowercase: bool = True) -> str:
    """Typed in a hurry: now and then no capital letter (but names keep theirs), no full stop."""
    if rng.random() < 0.12 and may_lowercase and text[:1].isupper() and not text[:4].isupper():
        text = text[0].lower() + text[1:]
    if rng.random() < 0.25 and text.endswith("."):
        text = text[:-1]
    return text


def comment(
    rng: random.Random,
    group: str,
    band: str,
    language: str,
    *,
    touchpoint_key: str,
    extra_share: float = 0.35,
) -> str:
    """A comment from `group` in `band`, in `language` (falling back to Finnish)."""
    bands = COMMENTS[group]
    texts = bands.get(band) or bands.get("low")
    pool = texts.get(language) or texts["fi"]
    language = language if language in texts else "fi"
    template = rng.choice(pool)
    text = fill(template, rng, touchpoint_key=touchpoint_key, language=language)
    if group not in ("kiosk", "widget") and rng.random() < extra_share:
        text = f"{text} {rng.choice(EXTRAS[band][language])}"
    return casual(text, rng, may_lowercase=not template.startswith("{"))


def three_questions_why(
    rng: random.Random, position: int, yes: int, language: str, *, is_business: bool
) -> str:
    """Why, in the customer's own words: a business customer about its account, others about the benefit."""
    texts = (BUSINESS_WHYS if is_business else THREE_QUESTIONS)[(position, yes)]
    return casual(rng.choice(texts.get(language) or texts["fi"]), rng)


def interview_note(rng: random.Random, position: int, yes: int) -> str:
    return rng.choice(INTERVIEW_NOTES[(position, yes)])
