#!/usr/bin/env python
"""Generate the synthetic multilingual ticket export used by tests, the demo and benchmarks.

The output imitates a monthly export from a ticket system (Zendesk-like) for a fictional Nordic
home-goods retailer, "Nordhem": Swedish, Danish, Norwegian (bokmål) and English tickets over a
number of weeks, with a gold table (reason, demand type, failing process, language, inserted PII)
kept in a separate file.

Usage::

    python scripts/generate_sample.py --n 2400 --seed 7 --out data/sample

or from Python::

    export, gold = generate(2400, seed=7)

Everything is synthetic. Personal identifiers are randomly generated but *valid* (checksums
pass) so that PII masking can be tested; order/invoice/organisation numbers are deliberately
numeric look-alikes that are not personal data.

Design for scale: the structural columns (week, reason, language, channel, timestamps, flags)
are drawn vectorised with numpy; the text of each ticket is assembled from phrase fragments with
one ``random.Random`` stream, which keeps per-row work to a few dozen cheap operations
(100,000 rows take a few seconds).
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

LANGS = ("sv", "da", "nb", "en")
LANG_P = (0.35, 0.25, 0.20, 0.20)
CHANNELS = ("email", "chat", "phone", "webform")
CHANNEL_P = (0.45, 0.25, 0.15, 0.15)

PROCESSES = (
    "ordering",
    "delivery",
    "returns",
    "billing_payment",
    "account_login",
    "product_information",
    "customer_data",
    "subscriptions",
    "complaints_handling",
)

# --------------------------------------------------------------------------------------------
# Contact reasons. Each: demand type, failing process, base weight, per-language topics (short
# noun phrases used in subjects, call notes and form categories) and core sentences.
# Slots: {order} {product} {date} {amount} {invoice} {code} {carrier} {days} {orgnr}
# --------------------------------------------------------------------------------------------
REASONS: dict[str, dict] = {
    "parcel_late": {
        "demand": "failure", "process": "delivery", "weight": 9.0,
        "sv": {
            "topic": ["försenat paket", "paket som inte kommit", "utebliven leverans", "försenad leverans"],
            "core": [
                "Jag beställde {product} den {date} och har fortfarande inte fått något paket.",
                "Mitt paket skulle ha kommit för {days} dagar sedan men det har inte dykt upp.",
                "Var är min beställning? Ordernummer {order}.",
                "Spårningen har stått still på ”Under transport” sedan {date}, vad händer?",
                "Leveransen var utlovad till i fredags men inget har kommit, varken avi eller sms från {carrier}.",
                "Det står att paketet är levererat men jag har inte fått det. Ingen har lämnat något här.",
                "Hur länge ska man behöva vänta? Beställde för snart två veckor sedan.",
                "Har inte fått min order {order} än. Kan ni kolla med {carrier} var den är?",
                "Paketet har inte kommit till ombudet trots att ni skrev att det skulle finnas där {date}.",
            ],
        },
        "da": {
            "topic": ["forsinket pakke", "pakke ikke modtaget", "manglende levering", "forsinket levering"],
            "core": [
                "Jeg bestilte {product} den {date}, men pakken er stadig ikke kommet.",
                "Min pakke skulle have været her for {days} dage siden, og jeg har ikke hørt noget.",
                "Hvor bliver min ordre af? Ordrenummer {order}.",
                "Track & trace har ikke rykket sig siden {date}. Hvad sker der?",
                "{carrier} siger, at pakken er leveret, men der er ikke kommet noget her.",
                "Jeg har ventet over en uge nu på ordre {order} og er ved at være godt træt af det.",
                "Pakken skulle være i pakkeshoppen i går, men de kan ikke finde den.",
                "Hvornår kan jeg forvente at få min bestilling? Den er meget forsinket.",
                "Jeg har stadig ikke modtaget noget, selvom I lovede levering inden for 2-4 hverdage.",
            ],
        },
        "nb": {
            "topic": ["forsinket pakke", "pakke ikke mottatt", "manglende levering", "forsinket levering"],
            "core": [
                "Jeg bestilte {product} den {date}, men har fortsatt ikke fått noen pakke.",
                "Pakken min skulle vært her for {days} dager siden. Hva skjer?",
                "Hvor er bestillingen min? Ordrenummer {order}.",
                "Sporingen har stått på «Under transport» siden {date}.",
                "Ifølge {carrier} er pakken levert, men jeg har ikke fått noe.",
                "Har ventet i over en uke på ordre {order} nå. Dette er ikke greit.",
                "Pakken skulle vært på hentestedet i går, men de finner den ikke.",
                "Når kommer egentlig pakken? Den er veldig forsinket.",
                "Fortsatt ingen pakke, selv om dere lovet levering på 2–5 virkedager.",
            ],
        },
        "en": {
            "topic": ["late parcel", "parcel not arrived", "missing delivery", "delayed order"],
            "core": [
                "I ordered {product} on {date} and still haven't received anything.",
                "My parcel was supposed to arrive {days} days ago and there's no sign of it.",
                "Where is my order? Order number {order}.",
                "Tracking hasn't updated since {date}, it just says in transit.",
                "{carrier} says the parcel was delivered but nothing arrived here.",
                "I've been waiting over a week for order {order}. This is not acceptable.",
                "The parcel was meant to be at the pickup point yesterday but they can't find it.",
                "Any update on my delivery? It's well past the estimated date.",
                "Still no parcel even though the site promised delivery in 2-4 working days.",
            ],
        },
    },
    "wrong_item": {
        "demand": "failure", "process": "delivery", "weight": 4.0,
        "sv": {
            "topic": ["fel vara levererad", "fick fel produkt", "felplock i order"],
            "core": [
                "Jag har fått fel vara. Beställde {product} men fick något helt annat.",
                "I paketet låg en annan produkt än den jag beställde.",
                "Fick fel storlek skickad till mig, order {order}.",
                "Det här är inte det jag beställde – på följesedeln står {product} men i kartongen ligger något annat.",
                "Ni har skickat fel artikel. Hur gör jag för att få rätt?",
                "Beställde i svart men fick vit. Vill ha den färg jag faktiskt valde.",
                "Paketet innehöll någon annans beställning, det står ett annat namn på följesedeln.",
                "Öppnade paketet idag och det är fel modell av {product}.",
            ],
        },
        "da": {
            "topic": ["forkert vare leveret", "fik forkert produkt", "fejl i pakningen"],
            "core": [
                "Jeg har fået en forkert vare. Jeg bestilte {product}, men fik noget helt andet.",
                "Der lå et andet produkt i pakken end det, jeg havde bestilt.",
                "I har sendt den forkerte størrelse, ordre {order}.",
                "Det er ikke det, jeg har bestilt – følgesedlen siger {product}, men kassen indeholder noget andet.",
                "Jeg bestilte den sorte, men modtog den hvide. Kan I bytte den?",
                "Pakken indeholdt en andens bestilling, der står et andet navn på følgesedlen.",
                "Jeg har lige åbnet pakken, og det er en forkert model af {product}.",
                "Forkert vare leveret. Hvordan får jeg den rigtige?",
            ],
        },
        "nb": {
            "topic": ["feil vare levert", "fikk feil produkt", "feilplukk i ordre"],
            "core": [
                "Jeg har fått feil vare. Bestilte {product}, men fikk noe helt annet.",
                "Det lå et annet produkt i pakken enn det jeg bestilte.",
                "Dere har sendt feil størrelse, ordre {order}.",
                "Dette er ikke det jeg har bestilt – på pakkseddelen står det {product}, men i esken er det noe annet.",
                "Bestilte svart, men fikk hvit. Vil gjerne ha fargen jeg faktisk valgte.",
                "Pakken inneholdt en annen kundes bestilling, det står et annet navn på pakkseddelen.",
                "Åpnet pakken i dag, og det er feil modell av {product}.",
                "Feil vare levert. Hvordan får jeg riktig vare?",
            ],
        },
        "en": {
            "topic": ["wrong item delivered", "received wrong product", "wrong item in parcel"],
            "core": [
                "I've received the wrong item. I ordered {product} but got something completely different.",
                "The box contained a different product from the one I ordered.",
                "You sent the wrong size, order {order}.",
                "This isn't what I ordered — the packing slip says {product} but the box has something else.",
                "I ordered black and received white. I'd like the colour I actually chose.",
                "The parcel had someone else's order in it, there's a different name on the packing slip.",
                "Just opened the parcel and it's the wrong model of {product}.",
                "Wrong item delivered. How do I get the right one?",
            ],
        },
    },
    "damaged_goods": {
        "demand": "failure", "process": "delivery", "weight": 5.0,
        "sv": {
            "topic": ["skadad vara", "trasig leverans", "transportskada"],
            "core": [
                "{product} kom trasig, kartongen var helt mosad.",
                "Varan var skadad vid leverans – det är en spricka i skivan.",
                "När jag packade upp {product} såg jag att ett ben var avbrutet.",
                "Glaset var krossat när paketet kom fram.",
                "Fick hem min beställning idag men den är repad och buckig.",
                "Paketet såg ut att ha blivit tappat, och innehållet är sönder.",
                "Vill reklamera {product}, den var skadad redan i förpackningen. Bifogar bilder.",
                "Hörnet på {product} är helt intryckt, det går inte att använda så här.",
            ],
        },
        "da": {
            "topic": ["beskadiget vare", "vare gået i stykker", "transportskade"],
            "core": [
                "{product} kom i stykker, kassen var helt mast.",
                "Varen var beskadiget ved levering – der er en revne i pladen.",
                "Da jeg pakkede {product} ud, var det ene ben knækket.",
                "Glasset var smadret, da pakken kom.",
                "Jeg har modtaget min ordre i dag, men den er ridset og har buler.",
                "Det ligner, at pakken er blevet tabt, og indholdet er gået i stykker.",
                "Jeg vil gerne reklamere over {product}, den var beskadiget allerede i emballagen. Billeder vedhæftet.",
                "Hjørnet på {product} er trykket helt ind, den kan ikke bruges sådan.",
            ],
        },
        "nb": {
            "topic": ["skadet vare", "ødelagt levering", "transportskade"],
            "core": [
                "{product} kom i stykker, esken var helt knust.",
                "Varen var skadet ved levering – det er en sprekk i platen.",
                "Da jeg pakket ut {product}, var det ene beinet knekt.",
                "Glasset var knust da pakken kom.",
                "Fikk bestillingen i dag, men den er full av riper og bulker.",
                "Det ser ut som pakken har blitt mistet i bakken, og innholdet er ødelagt.",
                "Vil reklamere på {product}, den var skadet allerede i emballasjen. Legger ved bilder.",
                "Hjørnet på {product} er helt trykket inn, kan ikke brukes sånn.",
            ],
        },
        "en": {
            "topic": ["damaged item", "item arrived broken", "damaged in transit"],
            "core": [
                "{product} arrived broken, the box was completely crushed.",
                "The item was damaged on delivery — there's a crack in the top.",
                "When I unpacked {product} one of the legs was snapped off.",
                "The glass was smashed when the parcel arrived.",
                "Got my order today but it's scratched and dented.",
                "Looks like the parcel was dropped, the contents are broken.",
                "I want to make a claim for {product}, it was damaged inside the packaging. Photos attached.",
                "The corner of {product} is completely caved in, it's unusable like this.",
            ],
        },
    },
    "missing_item": {
        "demand": "failure", "process": "delivery", "weight": 4.0,
        "sv": {
            "topic": ["saknad vara i order", "del saknas i leveransen", "ofullständig leverans"],
            "core": [
                "Det saknas en vara i min order {order}.",
                "Fick bara två av tre artiklar, {product} var inte med.",
                "Paketet kom men {product} saknades, fast den står på följesedeln.",
                "Skruvpåsen saknas i kartongen så jag kan inte montera.",
                "Min beställning var inte komplett. Kommer resten i ett separat paket?",
                "Jag har betalat för {product} men den låg inte i leveransen.",
                "Ena kartongen av två har inte kommit, bara kolli 1/2 levererades.",
                "Hälften av beställningen saknas, vad har hänt?",
            ],
        },
        "da": {
            "topic": ["manglende vare i ordre", "del mangler i leveringen", "ufuldstændig levering"],
            "core": [
                "Der mangler en vare i min ordre {order}.",
                "Jeg fik kun to ud af tre varer, {product} var der ikke.",
                "Pakken kom, men {product} manglede, selvom den står på følgesedlen.",
                "Posen med skruer mangler i kassen, så jeg kan ikke samle den.",
                "Min bestilling var ikke komplet. Kommer resten i en separat pakke?",
                "Jeg har betalt for {product}, men den var ikke med i leverancen.",
                "Kun kolli 1 af 2 er leveret, den anden kasse er aldrig kommet.",
                "Halvdelen af min bestilling mangler, hvad er der sket?",
            ],
        },
        "nb": {
            "topic": ["manglende vare i ordre", "del mangler i leveransen", "ufullstendig levering"],
            "core": [
                "Det mangler en vare i ordre {order}.",
                "Fikk bare to av tre varer, {product} var ikke med.",
                "Pakken kom, men {product} manglet, selv om den står på pakkseddelen.",
                "Skruposen mangler i esken, så jeg får ikke montert.",
                "Bestillingen var ikke komplett. Kommer resten i en egen pakke?",
                "Jeg har betalt for {product}, men den var ikke med i leveransen.",
                "Bare kolli 1 av 2 er levert, den andre esken har aldri kommet.",
                "Halve bestillingen mangler, hva har skjedd?",
            ],
        },
        "en": {
            "topic": ["item missing from order", "incomplete delivery", "missing part"],
            "core": [
                "There's an item missing from my order {order}.",
                "I only got two of the three items, {product} wasn't in there.",
                "The parcel came but {product} was missing, even though it's on the packing slip.",
                "The bag of screws is missing from the box so I can't put it together.",
                "My order wasn't complete. Is the rest coming separately?",
                "I paid for {product} but it wasn't in the delivery.",
                "Only box 1 of 2 was delivered, the second one never turned up.",
                "Half my order is missing, what happened?",
            ],
        },
    },
    "invoice_wrong_amount": {
        "demand": "failure", "process": "billing_payment", "weight": 4.0,
        "sv": {
            "topic": ["felaktigt belopp på faktura", "fel på fakturan", "fakturan stämmer inte"],
            "core": [
                "Fakturan {invoice} stämmer inte, jag har debiterats {amount} men ordern var billigare.",
                "Ni har tagit betalt för frakt fast det skulle vara fri frakt.",
                "Rabatten är inte avdragen på fakturan.",
                "Beloppet på fakturan är högre än vad det stod i kassan.",
                "Jag har fått en faktura på {amount} men jag returnerade ju halva ordern.",
                "Varför har det tillkommit en aviavgift? Det stod ingenting om det när jag beställde.",
                "Fakturan gäller fel antal, jag köpte en {product}, inte två.",
                "Kan ni skicka en korrigerad faktura? Summan är fel.",
            ],
        },
        "da": {
            "topic": ["forkert beløb på faktura", "fejl på fakturaen", "fakturaen passer ikke"],
            "core": [
                "Faktura {invoice} passer ikke, jeg er opkrævet {amount}, men ordren var billigere.",
                "I har taget betaling for fragt, selvom der skulle være fri fragt.",
                "Rabatten er ikke trukket fra på fakturaen.",
                "Beløbet på fakturaen er højere end det, der stod ved betalingen.",
                "Jeg har fået en faktura på {amount}, men jeg har jo returneret halvdelen af ordren.",
                "Hvorfor er der lagt et fakturagebyr på? Det stod der intet om, da jeg bestilte.",
                "Fakturaen lyder på det forkerte antal – jeg købte én {product}, ikke to.",
                "Kan I sende en rettet faktura? Beløbet er forkert.",
            ],
        },
        "nb": {
            "topic": ["feil beløp på faktura", "feil på fakturaen", "fakturaen stemmer ikke"],
            "core": [
                "Faktura {invoice} stemmer ikke, jeg er belastet {amount}, men ordren var billigere.",
                "Dere har tatt betalt for frakt selv om det skulle være gratis frakt.",
                "Rabatten er ikke trukket fra på fakturaen.",
                "Beløpet på fakturaen er høyere enn det som sto i kassen.",
                "Jeg har fått faktura på {amount}, men jeg returnerte jo halve bestillingen.",
                "Hvorfor er det lagt på fakturagebyr? Det sto ingenting om det da jeg bestilte.",
                "Fakturaen gjelder feil antall, jeg kjøpte én {product}, ikke to.",
                "Kan dere sende en korrigert faktura? Summen er feil.",
            ],
        },
        "en": {
            "topic": ["wrong amount on invoice", "invoice incorrect", "invoice query"],
            "core": [
                "Invoice {invoice} is wrong, I've been charged {amount} but the order was cheaper.",
                "You've charged me for shipping even though it was supposed to be free.",
                "The discount hasn't been taken off the invoice.",
                "The amount on the invoice is higher than what checkout showed.",
                "I got an invoice for {amount} but I returned half the order.",
                "Why is there an invoice fee? Nothing was said about that when I ordered.",
                "The invoice has the wrong quantity, I bought one {product}, not two.",
                "Could you send a corrected invoice? The total is wrong.",
            ],
        },
    },
    "charged_twice": {
        "demand": "failure", "process": "billing_payment", "weight": 2.5,
        "sv": {
            "topic": ["dubbeldebitering", "dragna pengar två gånger", "dubbel betalning"],
            "core": [
                "Jag har blivit debiterad två gånger för samma order, {order}.",
                "Pengarna har dragits dubbelt från mitt kort, {amount} två gånger.",
                "Såg på kontoutdraget att ni tagit betalt två gånger.",
                "Betalningen gick inte igenom första gången så jag försökte igen, nu är det draget två gånger.",
                "Varför har jag två dragningar på {amount} från er samma dag?",
                "Dubbel debitering på kortet, vill ha tillbaka det ena beloppet.",
                "Swish-betalningen drogs två gånger när appen hängde sig.",
                "Ni har tagit betalt dubbelt men jag har bara fått en orderbekräftelse.",
            ],
        },
        "da": {
            "topic": ["dobbelt træk", "trukket to gange", "dobbeltbetaling"],
            "core": [
                "Jeg er blevet trukket to gange for den samme ordre, {order}.",
                "Beløbet er trukket dobbelt på mit kort – {amount} to gange.",
                "Jeg kan se på kontoudtoget, at I har hævet pengene to gange.",
                "Betalingen fejlede første gang, så jeg prøvede igen, og nu er der trukket to gange.",
                "Hvorfor har jeg to træk på {amount} fra jer samme dag?",
                "Dobbelt træk på kortet, jeg vil gerne have det ene beløb retur.",
                "MobilePay trak to gange, da appen frøs.",
                "I har trukket dobbelt, men jeg har kun fået én ordrebekræftelse.",
            ],
        },
        "nb": {
            "topic": ["dobbelttrekk", "trukket to ganger", "dobbel betaling"],
            "core": [
                "Jeg er trukket to ganger for samme ordre, {order}.",
                "Beløpet er trukket dobbelt fra kortet mitt, {amount} to ganger.",
                "Ser på kontoutskriften at dere har belastet meg to ganger.",
                "Betalingen feilet første gang så jeg prøvde igjen, nå er det trukket to ganger.",
                "Hvorfor har jeg to trekk på {amount} fra dere samme dag?",
                "Dobbelttrekk på kortet, vil ha tilbake det ene beløpet.",
                "Vipps trakk to ganger da appen hang seg.",
                "Dere har trukket dobbelt, men jeg har bare fått én ordrebekreftelse.",
            ],
        },
        "en": {
            "topic": ["charged twice", "double charge", "duplicate payment"],
            "core": [
                "I've been charged twice for the same order, {order}.",
                "The money has come out of my card twice, {amount} two times.",
                "My bank statement shows you took the payment twice.",
                "Payment failed the first time so I tried again, now I've been charged twice.",
                "Why are there two charges of {amount} from you on the same day?",
                "Double charge on my card, please refund one of them.",
                "Apple Pay charged me twice when the page froze.",
                "You've taken payment twice but I only got one order confirmation.",
            ],
        },
    },
    "refund_not_received": {
        "demand": "failure", "process": "returns", "weight": 5.0,
        "sv": {
            "topic": ["återbetalning har inte kommit", "väntar på pengar tillbaka", "retur ej återbetald"],
            "core": [
                "Jag skickade tillbaka {product} den {date} men har inte fått några pengar tillbaka.",
                "Returen registrerades för {days} dagar sedan, när kommer återbetalningen?",
                "Ni lovade återbetalning inom 14 dagar, nu har det gått en månad.",
                "Var är mina pengar? Returnerade order {order} för länge sedan.",
                "Spårningen visar att ni tagit emot returen men jag har inte fått tillbaka {amount}.",
                "Jag väntar fortfarande på min återbetalning för den trasiga varan.",
                "Har fått ett mejl om att returen är godkänd, men inga pengar på kontot.",
                "Hur lång tid tar det egentligen att få tillbaka pengarna?",
            ],
        },
        "da": {
            "topic": ["refundering ikke modtaget", "venter på pengene retur", "retur ikke refunderet"],
            "core": [
                "Jeg sendte {product} retur den {date}, men har ikke fået pengene tilbage.",
                "Returneringen blev registreret for {days} dage siden – hvornår kommer refunderingen?",
                "I lovede tilbagebetaling inden for 14 dage, nu er der gået en måned.",
                "Hvor bliver mine penge af? Jeg returnerede ordre {order} for længe siden.",
                "Sporingen viser, at I har modtaget returen, men jeg har ikke fået mine {amount} tilbage.",
                "Jeg venter stadig på at få refunderet den defekte vare.",
                "Jeg har fået en mail om, at returen er godkendt, men der er ingen penge på kontoen.",
                "Hvor lang tid tager det egentlig at få pengene retur?",
            ],
        },
        "nb": {
            "topic": ["refusjon ikke mottatt", "venter på pengene tilbake", "retur ikke refundert"],
            "core": [
                "Jeg sendte {product} i retur den {date}, men har ikke fått pengene tilbake.",
                "Returen ble registrert for {days} dager siden, når kommer refusjonen?",
                "Dere lovet tilbakebetaling innen 14 dager, nå har det gått en måned.",
                "Hvor er pengene mine? Returnerte ordre {order} for lenge siden.",
                "Sporingen viser at dere har mottatt returen, men jeg har ikke fått tilbake {amount}.",
                "Venter fortsatt på refusjon for den ødelagte varen.",
                "Har fått e-post om at returen er godkjent, men ingen penger på konto.",
                "Hvor lang tid tar det egentlig å få pengene tilbake?",
            ],
        },
        "en": {
            "topic": ["refund not received", "waiting for refund", "return not refunded"],
            "core": [
                "I sent {product} back on {date} but haven't had a refund.",
                "The return was registered {days} days ago, when will I get my money?",
                "You promised a refund within 14 days, it's now been a month.",
                "Where is my refund? I returned order {order} ages ago.",
                "Tracking shows you received the return but I still haven't got my {amount} back.",
                "Still waiting for the refund on the faulty item.",
                "Got an email saying the return was approved but no money in my account.",
                "How long does a refund actually take?",
            ],
        },
    },
    "login_after_reset": {
        "demand": "failure", "process": "account_login", "weight": 3.5,
        "sv": {
            "topic": ["kan inte logga in", "inloggningsproblem efter lösenordsbyte", "återställningslänk fungerar inte"],
            "core": [
                "Jag har återställt lösenordet men kan fortfarande inte logga in.",
                "Länken för att byta lösenord fungerar inte, den säger att den har gått ut.",
                "Efter att jag bytt lösenord får jag bara ”fel användarnamn eller lösenord”.",
                "Kommer inte in på mitt konto trots att jag gjort en lösenordsåterställning tre gånger.",
                "Jag får aldrig något mejl med återställningslänk.",
                "Det nya lösenordet godkänns inte, sidan laddar bara om.",
                "Kontot verkar vara låst efter att jag bytte lösenord igår.",
                "Inloggningen med BankID fungerar inte heller, vad ska jag göra?",
            ],
        },
        "da": {
            "topic": ["kan ikke logge ind", "login-problemer efter ny adgangskode", "nulstillingslink virker ikke"],
            "core": [
                "Jeg har nulstillet min adgangskode, men kan stadig ikke logge ind.",
                "Linket til at skifte adgangskode virker ikke, der står at det er udløbet.",
                "Efter jeg skiftede kodeord, får jeg bare ”forkert brugernavn eller adgangskode”.",
                "Jeg kan ikke komme ind på min konto, selvom jeg har nulstillet koden tre gange.",
                "Jeg modtager aldrig mailen med nulstillingslinket.",
                "Den nye adgangskode bliver ikke godkendt, siden genindlæses bare.",
                "Min konto ser ud til at være låst, efter jeg skiftede kode i går.",
                "Login med MitID virker heller ikke, hvad gør jeg?",
            ],
        },
        "nb": {
            "topic": ["får ikke logget inn", "innloggingsproblemer etter nytt passord", "tilbakestillingslenke virker ikke"],
            "core": [
                "Jeg har tilbakestilt passordet, men får fortsatt ikke logget inn.",
                "Lenken for å bytte passord fungerer ikke, det står at den er utløpt.",
                "Etter at jeg byttet passord får jeg bare «feil brukernavn eller passord».",
                "Kommer ikke inn på kontoen min selv om jeg har tilbakestilt passordet tre ganger.",
                "Jeg får aldri noen e-post med lenke for tilbakestilling.",
                "Det nye passordet blir ikke godtatt, siden bare laster på nytt.",
                "Kontoen ser ut til å være låst etter at jeg byttet passord i går.",
                "Innlogging med BankID fungerer heller ikke, hva gjør jeg?",
            ],
        },
        "en": {
            "topic": ["can't log in", "login problem after password reset", "password reset link not working"],
            "core": [
                "I reset my password but still can't log in.",
                "The password reset link doesn't work, it says it has expired.",
                "After changing my password I just get 'incorrect username or password'.",
                "Can't get into my account even though I've reset the password three times.",
                "I never receive the email with the reset link.",
                "The new password isn't accepted, the page just reloads.",
                "My account seems to be locked since I changed the password yesterday.",
                "Logging in with Google doesn't work either, what should I do?",
            ],
        },
    },
    "unclear_instructions": {
        "demand": "failure", "process": "product_information", "weight": 3.0,
        "sv": {
            "topic": ["otydlig monteringsanvisning", "fråga om montering", "manualen går inte att följa"],
            "core": [
                "Monteringsanvisningen till {product} är helt obegriplig.",
                "Steg 7 i instruktionen stämmer inte med delarna i kartongen.",
                "Hur monterar man {product}? Bilderna i manualen visar en annan modell.",
                "Det finns bara bilder och inga förklaringar, jag förstår inte vilka skruvar som ska var.",
                "Får inte igång {product}, manualen säger inget om hur man parkopplar.",
                "Instruktionen saknar mått för var hålen ska borras i väggen.",
                "Finns det en monteringsvideo? Pappersmanualen går inte att följa.",
                "Enligt beskrivningen ska del C sitta på vänster sida, men då går inte dörren att stänga.",
            ],
        },
        "da": {
            "topic": ["uklar samlevejledning", "spørgsmål om montering", "manualen kan ikke følges"],
            "core": [
                "Samlevejledningen til {product} er fuldstændig uforståelig.",
                "Trin 7 i vejledningen passer ikke med delene i kassen.",
                "Hvordan samler man {product}? Tegningerne i manualen viser en anden model.",
                "Der er kun tegninger og ingen tekst, jeg kan ikke se, hvilke skruer der skal hvor.",
                "Jeg kan ikke få {product} til at virke, manualen siger intet om parring.",
                "Vejledningen mangler mål for, hvor hullerne skal bores i væggen.",
                "Findes der en samlevideo? Papirvejledningen er umulig at følge.",
                "Ifølge vejledningen skal del C sidde i venstre side, men så kan lågen ikke lukke.",
            ],
        },
        "nb": {
            "topic": ["uklar monteringsanvisning", "spørsmål om montering", "manualen er umulig å følge"],
            "core": [
                "Monteringsanvisningen til {product} er helt uforståelig.",
                "Trinn 7 i bruksanvisningen stemmer ikke med delene i esken.",
                "Hvordan monterer man {product}? Tegningene i manualen viser en annen modell.",
                "Det er bare tegninger og ingen forklaring, skjønner ikke hvilke skruer som skal hvor.",
                "Får ikke {product} til å virke, manualen sier ingenting om paring.",
                "Anvisningen mangler mål for hvor hullene skal bores i veggen.",
                "Finnes det en monteringsvideo? Papirmanualen er umulig å følge.",
                "Ifølge beskrivelsen skal del C sitte på venstre side, men da går ikke døren igjen.",
            ],
        },
        "en": {
            "topic": ["unclear assembly instructions", "assembly question", "manual impossible to follow"],
            "core": [
                "The assembly instructions for {product} make no sense at all.",
                "Step 7 in the manual doesn't match the parts in the box.",
                "How do you assemble {product}? The pictures in the manual show a different model.",
                "It's only drawings, no text, I can't work out which screws go where.",
                "Can't get {product} to work, the manual says nothing about pairing.",
                "The instructions don't give measurements for drilling the wall holes.",
                "Is there an assembly video? The paper manual is impossible to follow.",
                "According to the guide part C goes on the left, but then the door won't close.",
            ],
        },
    },
    "promo_code_not_working": {
        "demand": "failure", "process": "ordering", "weight": 2.5,
        "sv": {
            "topic": ["rabattkod fungerar inte", "kampanjkod ogiltig", "problem med rabattkod"],
            "core": [
                "Rabattkoden {code} fungerar inte i kassan.",
                "Jag får ”ogiltig kod” när jag försöker använda {code}.",
                "Koden från ert nyhetsbrev ger ingen rabatt.",
                "Rabatten drogs inte av trots att jag skrev in koden, kan ni justera i efterhand?",
                "Varför gäller inte kampanjkoden på {product}? Det stod inget om undantag.",
                "Koden {code} säger att den har gått ut men kampanjen pågår ju till söndag.",
                "Försökte använda min välkomstrabatt men det händer ingenting när jag klickar på Använd.",
                "Har ett presentkort som inte går att lösa in.",
            ],
        },
        "da": {
            "topic": ["rabatkode virker ikke", "ugyldig kampagnekode", "problem med rabatkode"],
            "core": [
                "Rabatkoden {code} virker ikke i kurven.",
                "Jeg får ”ugyldig kode”, når jeg prøver at bruge {code}.",
                "Koden fra jeres nyhedsbrev giver ingen rabat.",
                "Rabatten blev ikke trukket fra, selvom jeg tastede koden. Kan I rette det bagefter?",
                "Hvorfor gælder kampagnekoden ikke på {product}? Der stod intet om undtagelser.",
                "Koden {code} siger, at den er udløbet, men kampagnen kører da til søndag.",
                "Jeg har prøvet at bruge min velkomstrabat, men der sker ingenting, når jeg trykker Anvend.",
                "Jeg har et gavekort, som ikke kan indløses.",
            ],
        },
        "nb": {
            "topic": ["rabattkode fungerer ikke", "ugyldig kampanjekode", "problem med rabattkode"],
            "core": [
                "Rabattkoden {code} fungerer ikke i kassen.",
                "Jeg får «ugyldig kode» når jeg prøver å bruke {code}.",
                "Koden fra nyhetsbrevet deres gir ingen rabatt.",
                "Rabatten ble ikke trukket fra selv om jeg la inn koden. Kan dere justere i etterkant?",
                "Hvorfor gjelder ikke kampanjekoden på {product}? Det sto ingenting om unntak.",
                "Koden {code} sier at den er utløpt, men kampanjen varer jo til søndag.",
                "Prøvde å bruke velkomstrabatten, men ingenting skjer når jeg trykker Bruk.",
                "Har et gavekort som ikke lar seg løse inn.",
            ],
        },
        "en": {
            "topic": ["discount code not working", "promo code invalid", "problem with voucher"],
            "core": [
                "The discount code {code} doesn't work at checkout.",
                "I get 'invalid code' when I try to use {code}.",
                "The code from your newsletter doesn't give any discount.",
                "The discount wasn't applied even though I entered the code, can you adjust it afterwards?",
                "Why doesn't the promo code work on {product}? Nothing said there were exclusions.",
                "Code {code} says it has expired but the sale runs until Sunday.",
                "Tried to use my welcome discount but nothing happens when I click Apply.",
                "I have a gift card code that won't redeem.",
            ],
        },
    },
    "order_confirmation_missing": {
        "demand": "failure", "process": "ordering", "weight": 3.0,
        "sv": {
            "topic": ["ingen orderbekräftelse", "orderbekräftelse saknas", "har ordern gått igenom"],
            "core": [
                "Jag har inte fått någon orderbekräftelse, har beställningen gått igenom?",
                "Pengarna är dragna men jag har inget mejl om ordern.",
                "Beställde igår kväll och har fortfarande ingen bekräftelse, inte ens i skräpposten.",
                "Kan ni bekräfta att min order är registrerad? Fick ingen bekräftelse.",
                "Sidan hängde sig efter betalningen och jag vet inte om ordern är lagd.",
                "Jag saknar orderbekräftelse och kvitto på mitt köp av {product}.",
                "Vill inte beställa två gånger – syns min order hos er?",
                "Har inte fått något ordernummer, hur kan jag spåra min beställning då?",
            ],
        },
        "da": {
            "topic": ["ingen ordrebekræftelse", "manglende ordrebekræftelse", "er ordren gået igennem"],
            "core": [
                "Jeg har ikke modtaget nogen ordrebekræftelse – er min bestilling gået igennem?",
                "Pengene er trukket, men jeg har ingen mail om ordren.",
                "Jeg bestilte i går aftes og har stadig ingen bekræftelse, heller ikke i spam.",
                "Kan I bekræfte, at min ordre er registreret? Jeg har ikke fået nogen bekræftelse.",
                "Siden frøs efter betalingen, og jeg ved ikke, om ordren er lagt.",
                "Jeg mangler ordrebekræftelse og kvittering for mit køb af {product}.",
                "Jeg vil ikke bestille to gange – kan I se min ordre?",
                "Jeg har ikke fået noget ordrenummer, hvordan kan jeg så følge min pakke?",
            ],
        },
        "nb": {
            "topic": ["ingen ordrebekreftelse", "mangler ordrebekreftelse", "har ordren gått gjennom"],
            "core": [
                "Jeg har ikke fått noen ordrebekreftelse, har bestillingen gått gjennom?",
                "Pengene er trukket, men jeg har ingen e-post om ordren.",
                "Bestilte i går kveld og har fortsatt ingen bekreftelse, heller ikke i søppelpost.",
                "Kan dere bekrefte at ordren min er registrert? Har ikke fått bekreftelse.",
                "Siden hang seg etter betalingen, og jeg vet ikke om ordren er lagt inn.",
                "Jeg mangler ordrebekreftelse og kvittering på kjøpet av {product}.",
                "Vil ikke bestille to ganger – ser dere ordren min?",
                "Har ikke fått noe ordrenummer, hvordan sporer jeg pakken da?",
            ],
        },
        "en": {
            "topic": ["no order confirmation", "order confirmation missing", "did my order go through"],
            "core": [
                "I haven't received an order confirmation, did my order go through?",
                "The money's been taken but I have no email about the order.",
                "Ordered last night and still no confirmation, not even in spam.",
                "Can you confirm my order is registered? I didn't get a confirmation.",
                "The page froze after payment and I don't know if the order was placed.",
                "I'm missing the order confirmation and receipt for my purchase of {product}.",
                "Don't want to order twice — can you see my order on your end?",
                "I never got an order number, how do I track my order?",
            ],
        },
    },
    "subscription_charged_after_cancel": {
        "demand": "failure", "process": "subscriptions", "weight": 2.0,
        "sv": {
            "topic": ["debiterad efter uppsägning", "dragning trots avslutad prenumeration", "prenumeration fortsätter efter uppsägning"],
            "core": [
                "Jag sade upp min prenumeration i förra månaden men ni har dragit pengar igen.",
                "Har fått en ny dragning på {amount} trots att jag avslutade abonnemanget den {date}.",
                "Varför debiteras jag fortfarande? Jag har en bekräftelse på uppsägningen.",
                "Ni fortsätter skicka lådor och ta betalt fast jag har sagt upp.",
                "Prenumerationen skulle vara avslutad men det kom en faktura ändå.",
                "Jag avslutade medlemskapet i appen men pengarna dras varje månad.",
                "Vill ha tillbaka {amount} som drogs efter att jag sagt upp.",
                "Tredje gången jag skriver om detta: sluta debitera mitt kort!",
            ],
        },
        "da": {
            "topic": ["opkrævet efter opsigelse", "træk trods opsagt abonnement", "abonnement fortsætter efter opsigelse"],
            "core": [
                "Jeg opsagde mit abonnement sidste måned, men I har trukket penge igen.",
                "Der er kommet et nyt træk på {amount}, selvom jeg stoppede abonnementet den {date}.",
                "Hvorfor bliver jeg stadig opkrævet? Jeg har en bekræftelse på opsigelsen.",
                "I bliver ved med at sende kasser og tage betaling, selvom jeg har opsagt.",
                "Abonnementet skulle være stoppet, men der kom alligevel en regning.",
                "Jeg afmeldte medlemskabet i appen, men der trækkes stadig penge hver måned.",
                "Jeg vil have de {amount} tilbage, som blev trukket efter min opsigelse.",
                "Tredje gang jeg skriver om det her: stop med at trække på mit kort!",
            ],
        },
        "nb": {
            "topic": ["belastet etter oppsigelse", "trekk tross avsluttet abonnement", "abonnement fortsetter etter oppsigelse"],
            "core": [
                "Jeg sa opp abonnementet forrige måned, men dere har trukket penger igjen.",
                "Har fått et nytt trekk på {amount} selv om jeg avsluttet abonnementet den {date}.",
                "Hvorfor blir jeg fortsatt belastet? Jeg har bekreftelse på oppsigelsen.",
                "Dere fortsetter å sende esker og ta betalt selv om jeg har sagt opp.",
                "Abonnementet skulle vært avsluttet, men det kom en faktura likevel.",
                "Avsluttet medlemskapet i appen, men pengene trekkes hver måned.",
                "Vil ha tilbake {amount} som ble trukket etter at jeg sa opp.",
                "Tredje gang jeg skriver om dette: slutt å trekke kortet mitt!",
            ],
        },
        "en": {
            "topic": ["charged after cancelling", "subscription still charging", "charged after cancellation"],
            "core": [
                "I cancelled my subscription last month but you've taken money again.",
                "There's a new charge of {amount} even though I cancelled on {date}.",
                "Why am I still being charged? I have a cancellation confirmation.",
                "You keep sending boxes and charging me even though I've cancelled.",
                "The subscription should have ended but I still got an invoice.",
                "I cancelled the membership in the app but the money still goes out every month.",
                "I want the {amount} back that was taken after I cancelled.",
                "Third time writing about this: stop charging my card!",
            ],
        },
    },
    "complaint_no_response": {
        "demand": "failure", "process": "complaints_handling", "weight": 3.0,
        "sv": {
            "topic": ["inget svar på reklamation", "påminnelse om ärende", "väntar på svar"],
            "core": [
                "Jag skickade en reklamation för två veckor sedan och har inte hört något.",
                "Påminnelse: jag väntar fortfarande på svar i ärendet om {product}.",
                "Ni lovade att återkomma inom 48 timmar, det har gått en vecka.",
                "Det här är tredje gången jag skriver och ingen svarar.",
                "Mitt ärende verkar ha fastnat, kan någon titta på det?",
                "Har ringt två gånger och fått olika besked, nu vill jag ha ett skriftligt svar.",
                "Jag fick ett automatiskt svar men sedan ingenting. Vad händer med min reklamation?",
                "Hur lång är handläggningstiden egentligen? Ärendet skickades in {date}.",
            ],
        },
        "da": {
            "topic": ["intet svar på reklamation", "rykker for svar", "venter på svar"],
            "core": [
                "Jeg sendte en reklamation for to uger siden og har ikke hørt noget.",
                "Rykker: Jeg venter stadig på svar i sagen om {product}.",
                "I lovede at vende tilbage inden for 48 timer, nu er der gået en uge.",
                "Det er tredje gang, jeg skriver, og ingen svarer.",
                "Min sag ser ud til at være gået i stå, kan nogen kigge på den?",
                "Jeg har ringet to gange og fået forskellige svar, nu vil jeg have et skriftligt svar.",
                "Jeg fik et automatisk svar, men siden ingenting. Hvad sker der med min reklamation?",
                "Hvor lang er sagsbehandlingstiden egentlig? Sagen blev oprettet den {date}.",
            ],
        },
        "nb": {
            "topic": ["ikke svar på reklamasjon", "purring på sak", "venter på svar"],
            "core": [
                "Jeg sendte en reklamasjon for to uker siden og har ikke hørt noe.",
                "Purring: Venter fortsatt på svar i saken om {product}.",
                "Dere lovet å svare innen 48 timer, nå har det gått en uke.",
                "Dette er tredje gang jeg skriver, og ingen svarer.",
                "Saken min ser ut til å ha stoppet opp, kan noen se på den?",
                "Har ringt to ganger og fått forskjellige svar, nå vil jeg ha et skriftlig svar.",
                "Fikk et automatisk svar, men så ingenting. Hva skjer med reklamasjonen min?",
                "Hvor lang er egentlig saksbehandlingstiden? Saken ble sendt inn {date}.",
            ],
        },
        "en": {
            "topic": ["no reply to complaint", "chasing my case", "still waiting for an answer"],
            "core": [
                "I sent in a complaint two weeks ago and haven't heard anything.",
                "Reminder: still waiting for a reply about my case regarding {product}.",
                "You promised to get back to me within 48 hours, it's been a week.",
                "This is the third time I'm writing and nobody answers.",
                "My case seems to be stuck, can someone look at it?",
                "I've called twice and got different answers, now I want a written reply.",
                "I got an automatic reply and then nothing. What is happening with my complaint?",
                "How long is the handling time actually? I submitted the case on {date}.",
            ],
        },
    },
    # ------------------------------------------------------------------ value demand
    "place_order_availability": {
        "demand": "value", "process": "ordering", "weight": 10.5,
        "sv": {
            "topic": ["fråga om lagerstatus", "vill beställa", "när kommer varan in igen"],
            "core": [
                "När kommer {product} in i lager igen?",
                "Jag skulle vilja beställa {product} i två exemplar, finns det på lager?",
                "Går det att beställa {product} via telefon? Jag är inte så van vid att handla på nätet.",
                "Finns {product} i butiken i Göteborg eller bara på nätet?",
                "Kan man förhandsbeställa den nya modellen av {product}?",
                "Hej, jag vill lägga en större beställning till vårt kontor, 12 st {product}.",
                "Kan ni meddela mig när {product} finns tillgänglig igen?",
                "Är {product} slutsåld för gott eller kommer den tillbaka?",
            ],
        },
        "da": {
            "topic": ["spørgsmål om lagerstatus", "vil gerne bestille", "hvornår er varen på lager"],
            "core": [
                "Hvornår er {product} på lager igen?",
                "Jeg vil gerne bestille to stk. {product} – har I dem på lager?",
                "Kan man bestille {product} over telefonen? Jeg er ikke så vant til at handle på nettet.",
                "Har butikken i Aarhus {product}, eller kun webshoppen?",
                "Kan man forudbestille den nye model af {product}?",
                "Vi vil gerne afgive en større ordre til kontoret, 12 stk. {product}.",
                "Kan I give besked, når {product} er tilbage på lager?",
                "Er {product} udgået, eller kommer den igen?",
            ],
        },
        "nb": {
            "topic": ["spørsmål om lagerstatus", "ønsker å bestille", "når kommer varen på lager"],
            "core": [
                "Når kommer {product} på lager igjen?",
                "Jeg vil gjerne bestille to stk. {product}, har dere det på lager?",
                "Går det an å bestille {product} på telefon? Er ikke så vant med netthandel.",
                "Har butikken i Bergen {product}, eller er den bare på nett?",
                "Kan man forhåndsbestille den nye modellen av {product}?",
                "Vi ønsker å legge inn en større bestilling til kontoret, 12 stk. {product}.",
                "Kan dere gi beskjed når {product} er tilgjengelig igjen?",
                "Er {product} utgått, eller kommer den tilbake?",
            ],
        },
        "en": {
            "topic": ["stock question", "want to place an order", "back in stock?"],
            "core": [
                "When will {product} be back in stock?",
                "I'd like to order two of {product}, do you have them in stock?",
                "Can I order {product} over the phone? I'm not great with online shopping.",
                "Is {product} available in the Stockholm store or only online?",
                "Can I pre-order the new version of {product}?",
                "We'd like to place a larger order for our office, 12 x {product}.",
                "Could you let me know when {product} is available again?",
                "Is {product} discontinued or will it come back?",
            ],
        },
    },
    "change_delivery_address": {
        "demand": "value", "process": "delivery", "weight": 6.0,
        "sv": {
            "topic": ["ändra leveransadress", "byta adress på order", "ny leveransadress"],
            "core": [
                "Kan jag ändra leveransadressen på order {order}? Jag har precis flyttat.",
                "Jag skrev fel adress när jag beställde, kan ni rätta den innan paketet skickas?",
                "Går det att få paketet levererat till min arbetsplats i stället?",
                "Vill byta utlämningsställe till ett ombud närmare hemma.",
                "Jag är bortrest nästa vecka, kan ni skicka till min mammas adress i stället?",
                "Hur ändrar jag adressen om ordern redan är skickad?",
                "Postnumret blev fel i beställningen, det ska vara 413 40 och inte 431 40.",
                "Kan ni ändra så att paketet levereras till dörren i stället för till ombud?",
            ],
        },
        "da": {
            "topic": ["ændre leveringsadresse", "skift adresse på ordre", "ny leveringsadresse"],
            "core": [
                "Kan jeg ændre leveringsadressen på ordre {order}? Jeg er lige flyttet.",
                "Jeg skrev en forkert adresse, da jeg bestilte – kan I rette den, før pakken sendes?",
                "Kan pakken leveres til min arbejdsplads i stedet?",
                "Jeg vil gerne skifte til en pakkeshop tættere på, hvor jeg bor.",
                "Jeg er ude at rejse næste uge, kan I sende den til min mors adresse i stedet?",
                "Hvordan ændrer jeg adressen, hvis ordren allerede er afsendt?",
                "Postnummeret blev forkert i bestillingen – det skal være 8000, ikke 8800.",
                "Kan I ændre det, så pakken bliver leveret til døren i stedet for en pakkeshop?",
            ],
        },
        "nb": {
            "topic": ["endre leveringsadresse", "bytte adresse på ordre", "ny leveringsadresse"],
            "core": [
                "Kan jeg endre leveringsadressen på ordre {order}? Har akkurat flyttet.",
                "Skrev feil adresse da jeg bestilte, kan dere rette det før pakken sendes?",
                "Er det mulig å få pakken levert på jobben i stedet?",
                "Vil bytte til et hentested nærmere der jeg bor.",
                "Er bortreist neste uke, kan dere sende til adressen til moren min i stedet?",
                "Hvordan endrer jeg adressen hvis ordren allerede er sendt?",
                "Postnummeret ble feil i bestillingen, det skal være 5003, ikke 5030.",
                "Kan dere endre slik at pakken leveres på døren i stedet for hentested?",
            ],
        },
        "en": {
            "topic": ["change delivery address", "update shipping address", "new delivery address"],
            "core": [
                "Can I change the delivery address on order {order}? I've just moved.",
                "I typed the wrong address when ordering, can you fix it before it ships?",
                "Is it possible to have the parcel delivered to my workplace instead?",
                "I'd like to switch to a pickup point closer to home.",
                "I'm away next week, could you send it to my mum's address instead?",
                "How do I change the address if the order has already shipped?",
                "The postcode on my order is wrong, it should be 114 55 not 115 45.",
                "Can you change it to home delivery instead of a pickup point?",
            ],
        },
    },
    "product_specs_sizes": {
        "demand": "value", "process": "product_information", "weight": 11.5,
        "sv": {
            "topic": ["fråga om storlek", "produktfråga", "mått på produkt"],
            "core": [
                "Vilka mått har {product}? Hittar det inte på produktsidan.",
                "Hur stor är {product} i storleken, ska jag ta en storlek större?",
                "Går {product} att tvätta i 60 grader?",
                "Är {product} i massivt trä eller faner?",
                "Passar {product} i en nisch som är 80 cm bred?",
                "Vad är skillnaden mellan {product} och den dyrare modellen?",
                "Hur mycket väger {product}? Måste bära upp den till fjärde våningen utan hiss.",
                "Fungerar {product} med både iPhone och Android?",
            ],
        },
        "da": {
            "topic": ["spørgsmål om størrelse", "produktspørgsmål", "mål på produkt"],
            "core": [
                "Hvad er målene på {product}? Jeg kan ikke finde det på produktsiden.",
                "Hvordan passer {product} i størrelsen – skal jeg tage en større?",
                "Kan {product} vaskes ved 60 grader?",
                "Er {product} lavet af massivt træ eller finer?",
                "Kan {product} stå i en niche, der er 80 cm bred?",
                "Hvad er forskellen på {product} og den dyrere model?",
                "Hvor meget vejer {product}? Den skal bæres op på fjerde sal uden elevator.",
                "Virker {product} med både iPhone og Android?",
            ],
        },
        "nb": {
            "topic": ["spørsmål om størrelse", "produktspørsmål", "mål på produkt"],
            "core": [
                "Hvilke mål har {product}? Finner det ikke på produktsiden.",
                "Hvordan er {product} i størrelsen, bør jeg ta en størrelse større?",
                "Tåler {product} vask på 60 grader?",
                "Er {product} i heltre eller finér?",
                "Passer {product} i en nisje som er 80 cm bred?",
                "Hva er forskjellen på {product} og den dyrere modellen?",
                "Hvor mye veier {product}? Må bære den opp i fjerde etasje uten heis.",
                "Fungerer {product} med både iPhone og Android?",
            ],
        },
        "en": {
            "topic": ["size question", "product question", "product dimensions"],
            "core": [
                "What are the dimensions of {product}? I can't find them on the product page.",
                "How does {product} fit, should I size up?",
                "Can {product} be washed at 60 degrees?",
                "Is {product} solid wood or veneer?",
                "Will {product} fit in an alcove that's 80 cm wide?",
                "What's the difference between {product} and the more expensive model?",
                "How much does {product} weigh? I have to carry it up four flights of stairs.",
                "Does {product} work with both iPhone and Android?",
            ],
        },
    },
    "cancel_subscription": {
        "demand": "value", "process": "subscriptions", "weight": 5.0,
        "sv": {
            "topic": ["säga upp prenumeration", "avsluta abonnemang", "uppsägning"],
            "core": [
                "Jag vill säga upp min prenumeration.",
                "Hur avslutar jag mitt abonnemang? Hittar ingen knapp för det på Mina sidor.",
                "Vänligen avsluta min prenumeration från och med nästa månad.",
                "Vill pausa eller säga upp leveranserna, vi flyttar utomlands.",
                "Jag önskar avsluta mitt medlemskap. Vad är uppsägningstiden?",
                "Kan ni bekräfta att prenumerationen är avslutad efter nästa leverans?",
                "Jag vill inte förlänga när bindningstiden går ut, säg upp den tack.",
                "Säg upp mitt abonnemang, kundnummer {order}.",
            ],
        },
        "da": {
            "topic": ["opsige abonnement", "stoppe abonnement", "opsigelse"],
            "core": [
                "Jeg vil gerne opsige mit abonnement.",
                "Hvordan stopper jeg mit abonnement? Jeg kan ikke finde knappen under Min konto.",
                "Venligst opsig mit abonnement fra næste måned.",
                "Jeg vil gerne sætte leveringerne på pause eller stoppe dem, vi flytter til udlandet.",
                "Jeg ønsker at opsige mit medlemskab. Hvad er opsigelsesperioden?",
                "Kan I bekræfte, at abonnementet stopper efter næste levering?",
                "Jeg vil ikke forlænge, når bindingsperioden udløber, så opsig det venligst.",
                "Opsig venligst mit abonnement, kundenummer {order}.",
            ],
        },
        "nb": {
            "topic": ["si opp abonnement", "avslutte abonnement", "oppsigelse"],
            "core": [
                "Jeg vil si opp abonnementet mitt.",
                "Hvordan avslutter jeg abonnementet? Finner ingen knapp for det på Min side.",
                "Vennligst avslutt abonnementet mitt fra og med neste måned.",
                "Vil sette leveransene på pause eller si dem opp, vi flytter utenlands.",
                "Jeg ønsker å avslutte medlemskapet. Hva er oppsigelsestiden?",
                "Kan dere bekrefte at abonnementet er avsluttet etter neste levering?",
                "Vil ikke forlenge når bindingstiden går ut, så si det opp takk.",
                "Si opp abonnementet mitt, kundenummer {order}.",
            ],
        },
        "en": {
            "topic": ["cancel subscription", "end membership", "cancellation request"],
            "core": [
                "I'd like to cancel my subscription.",
                "How do I cancel my subscription? There's no button for it in My account.",
                "Please cancel my subscription from next month.",
                "I'd like to pause or cancel my deliveries, we're moving abroad.",
                "I want to end my membership. What's the notice period?",
                "Can you confirm the subscription ends after the next delivery?",
                "I don't want to renew when the minimum term ends, please cancel it.",
                "Please cancel my subscription, customer number {order}.",
            ],
        },
    },
    "open_business_account": {
        "demand": "value", "process": "customer_data", "weight": 3.0,
        "sv": {
            "topic": ["företagskonto", "ansöka om företagskonto", "bli företagskund"],
            "core": [
                "Vi vill öppna ett företagskonto för att kunna handla på faktura.",
                "Hur gör vi för att registrera oss som företagskund? Org.nr {orgnr}.",
                "Kan vi få ett företagskonto med flera användare?",
                "Jag driver en liten frisörsalong och vill handla som företag, hur går det till?",
                "Vad krävs för att få kredit som företagskund hos er?",
                "Vi behöver kunna ange referens och kostnadsställe på fakturorna – går det med ett företagskonto?",
                "Kan ni uppgradera mitt privatkonto till ett företagskonto? Organisationsnummer {orgnr}.",
                "Finns det mängdrabatt för företag? Vi vill öppna konto.",
            ],
        },
        "da": {
            "topic": ["erhvervskonto", "oprette erhvervskonto", "blive erhvervskunde"],
            "core": [
                "Vi vil gerne oprette en erhvervskonto, så vi kan handle på faktura.",
                "Hvordan registrerer vi os som erhvervskunde? CVR-nr. {orgnr}.",
                "Kan vi få en erhvervskonto med flere brugere?",
                "Jeg har en lille frisørsalon og vil gerne handle som virksomhed, hvordan gør jeg?",
                "Hvad kræver det at få kredit som erhvervskunde hos jer?",
                "Vi skal kunne angive reference og EAN-nummer på fakturaerne – kan det lade sig gøre med en erhvervskonto?",
                "Kan I opgradere min private konto til en erhvervskonto? CVR {orgnr}.",
                "Giver I mængderabat til virksomheder? Vi vil gerne oprette en konto.",
            ],
        },
        "nb": {
            "topic": ["bedriftskonto", "opprette bedriftskonto", "bli bedriftskunde"],
            "core": [
                "Vi ønsker å opprette en bedriftskonto så vi kan handle på faktura.",
                "Hvordan registrerer vi oss som bedriftskunde? Org.nr. {orgnr}.",
                "Kan vi få en bedriftskonto med flere brukere?",
                "Jeg driver en liten frisørsalong og vil handle som bedrift, hvordan går jeg fram?",
                "Hva skal til for å få kreditt som bedriftskunde hos dere?",
                "Vi må kunne legge inn referanse og prosjektnummer på fakturaene – går det med bedriftskonto?",
                "Kan dere oppgradere privatkontoen min til en bedriftskonto? Orgnr {orgnr}.",
                "Gir dere kvantumsrabatt til bedrifter? Vi vil gjerne opprette konto.",
            ],
        },
        "en": {
            "topic": ["business account", "open a business account", "trade account enquiry"],
            "core": [
                "We'd like to open a business account so we can pay by invoice.",
                "How do we register as a business customer? Company reg. no. {orgnr}.",
                "Can we get a business account with several users?",
                "I run a small hair salon and want to buy as a business, how does that work?",
                "What do we need to get credit terms as a business customer?",
                "We need to add a PO reference and cost centre on invoices — is that possible with a business account?",
                "Can you upgrade my personal account to a business account? Company number {orgnr}.",
                "Do you offer volume discounts for companies? We'd like to open an account.",
            ],
        },
    },
    "update_payment_card": {
        "demand": "value", "process": "billing_payment", "weight": 4.0,
        "sv": {
            "topic": ["byta betalkort", "uppdatera kortuppgifter", "ändra betalsätt"],
            "core": [
                "Jag har fått ett nytt bankkort, hur uppdaterar jag kortuppgifterna?",
                "Mitt kort har gått ut, vill byta till ett nytt för prenumerationen.",
                "Kan jag byta betalsätt från kort till autogiro?",
                "Hur tar jag bort mitt gamla kort från kontot?",
                "Vill lägga till ett annat kort som standard för mina köp.",
                "Banken har spärrat mitt kort, så nästa dragning behöver gå på ett nytt kort.",
                "Var ändrar jag betalkort på Mina sidor?",
                "Går det att betala med faktura i stället för kort framöver?",
            ],
        },
        "da": {
            "topic": ["skifte betalingskort", "opdatere kortoplysninger", "ændre betalingsmetode"],
            "core": [
                "Jeg har fået et nyt betalingskort – hvordan opdaterer jeg kortoplysningerne?",
                "Mit kort er udløbet, og jeg vil gerne skifte til et nyt til abonnementet.",
                "Kan jeg skifte betalingsmetode fra kort til Betalingsservice?",
                "Hvordan fjerner jeg mit gamle kort fra kontoen?",
                "Jeg vil gerne tilføje et andet kort som standard til mine køb.",
                "Banken har spærret mit kort, så næste træk skal ske på et nyt kort.",
                "Hvor skifter jeg betalingskort under Min konto?",
                "Kan jeg betale med faktura i stedet for kort fremover?",
            ],
        },
        "nb": {
            "topic": ["bytte betalingskort", "oppdatere kortinformasjon", "endre betalingsmåte"],
            "core": [
                "Jeg har fått nytt bankkort, hvordan oppdaterer jeg kortinformasjonen?",
                "Kortet mitt har gått ut, vil bytte til et nytt for abonnementet.",
                "Kan jeg bytte betalingsmåte fra kort til AvtaleGiro?",
                "Hvordan sletter jeg det gamle kortet fra kontoen?",
                "Vil legge til et annet kort som standard for kjøpene mine.",
                "Banken har sperret kortet mitt, så neste trekk må gå på et nytt kort.",
                "Hvor endrer jeg betalingskort på Min side?",
                "Går det an å betale med faktura i stedet for kort framover?",
            ],
        },
        "en": {
            "topic": ["update payment card", "change card details", "change payment method"],
            "core": [
                "I've got a new bank card, how do I update my card details?",
                "My card has expired and I want to switch to a new one for the subscription.",
                "Can I change payment method from card to direct debit?",
                "How do I remove my old card from the account?",
                "I'd like to add a different card as the default for purchases.",
                "My bank blocked my card, so the next payment needs to go on a new one.",
                "Where do I change my payment card in My account?",
                "Can I pay by invoice instead of card from now on?",
            ],
        },
    },
    "opening_hours_store": {
        "demand": "value", "process": "product_information", "weight": 5.0,
        "sv": {
            "topic": ["öppettider", "fråga om butik", "butikens öppettider"],
            "core": [
                "Vilka öppettider har ni i butiken i Malmö i sommar?",
                "Har butiken öppet på söndagar?",
                "Finns det parkering vid ert varuhus i Kungens Kurva?",
                "Hur länge har kundtjänst öppet i telefon?",
                "Kan man hämta sin beställning i butik, och i så fall när?",
                "Har ni någon butik i Umeå eller i närheten?",
                "Är ert lager öppet för upphämtning på lördagar?",
                "Vilka tider har ni öppet i helgen?",
            ],
        },
        "da": {
            "topic": ["åbningstider", "spørgsmål om butik", "butikkens åbningstider"],
            "core": [
                "Hvad er åbningstiderne i butikken i Odense i sommerferien?",
                "Har butikken åbent om søndagen?",
                "Er der parkering ved jeres varehus i Taastrup?",
                "Hvor længe har kundeservice åbent på telefonen?",
                "Kan man afhente sin bestilling i butikken, og i så fald hvornår?",
                "Har I en butik i Aalborg eller omegn?",
                "Har lageret åbent for afhentning om lørdagen?",
                "Hvornår har I åbent i weekenden?",
            ],
        },
        "nb": {
            "topic": ["åpningstider", "spørsmål om butikk", "butikkens åpningstider"],
            "core": [
                "Hva er åpningstidene i butikken i Trondheim i fellesferien?",
                "Har butikken søndagsåpent?",
                "Er det parkering ved varehuset deres på Lørenskog?",
                "Hvor lenge har kundeservice åpent på telefon?",
                "Kan man hente bestillingen i butikk, og i så fall når?",
                "Har dere butikk i Tromsø eller omegn?",
                "Er lageret åpent for henting på lørdager?",
                "Når har dere åpent i helgen?",
            ],
        },
        "en": {
            "topic": ["opening hours", "store question", "store opening times"],
            "core": [
                "What are your opening hours at the Malmö store over the summer?",
                "Is the store open on Sundays?",
                "Is there parking at your Kungens Kurva store?",
                "What time does phone support close?",
                "Can I collect my order in store, and if so when?",
                "Do you have a store in or near Gothenburg?",
                "Is the warehouse open for collection on Saturdays?",
                "What are your weekend opening hours?",
            ],
        },
    },
    "return_request": {
        "demand": "value", "process": "returns", "weight": 9.0,
        "sv": {
            "topic": ["vill returnera", "retur", "hur gör jag en retur"],
            "core": [
                "Jag vill returnera {product}, den passade inte. Hur gör jag?",
                "Kan jag få en returetikett till order {order}?",
                "Hur lång ångerrätt har jag? Vill skicka tillbaka {product}.",
                "Ångrade mitt köp, kan jag lämna tillbaka varan i butik?",
                "Vill byta {product} mot en större storlek.",
                "Kostar det något att returnera om man inte vill ha varan?",
                "Jag har öppnat förpackningen men inte använt {product}, kan jag ändå returnera?",
                "Hittar inte returformuläret på er sida, var ligger det?",
            ],
        },
        "da": {
            "topic": ["vil returnere", "returnering", "hvordan returnerer jeg"],
            "core": [
                "Jeg vil gerne returnere {product}, den passede ikke. Hvordan gør jeg?",
                "Kan jeg få en returlabel til ordre {order}?",
                "Hvor lang fortrydelsesret har jeg? Jeg vil sende {product} tilbage.",
                "Jeg har fortrudt mit køb – kan jeg aflevere varen i butikken?",
                "Jeg vil gerne bytte {product} til en større størrelse.",
                "Koster det noget at returnere, hvis man ikke vil have varen?",
                "Jeg har åbnet emballagen, men ikke brugt {product}. Kan jeg stadig returnere?",
                "Jeg kan ikke finde returformularen på jeres side, hvor er den?",
            ],
        },
        "nb": {
            "topic": ["vil returnere", "retur", "hvordan returnerer jeg"],
            "core": [
                "Jeg vil returnere {product}, den passet ikke. Hvordan gjør jeg det?",
                "Kan jeg få en returlapp til ordre {order}?",
                "Hvor lang angrerett har jeg? Vil sende tilbake {product}.",
                "Angret på kjøpet, kan jeg levere varen tilbake i butikk?",
                "Vil bytte {product} til en større størrelse.",
                "Koster det noe å returnere hvis man ikke vil ha varen?",
                "Har åpnet emballasjen, men ikke brukt {product}. Kan jeg likevel returnere?",
                "Finner ikke returskjemaet på nettsiden, hvor ligger det?",
            ],
        },
        "en": {
            "topic": ["return request", "want to return an item", "how do I return"],
            "core": [
                "I'd like to return {product}, it didn't fit. How do I do that?",
                "Can I get a return label for order {order}?",
                "How long is the return window? I want to send back {product}.",
                "Changed my mind — can I return the item in store?",
                "I'd like to exchange {product} for a bigger size.",
                "Does it cost anything to return an item I don't want?",
                "I've opened the packaging but not used {product}, can I still return it?",
                "I can't find the returns form on your website, where is it?",
            ],
        },
    },
}

REASON_KEYS = tuple(REASONS)

# Weekly multipliers per reason (index = week number from start, 0-based): incidents that make
# trend charts interesting. Weeks beyond the list use 1.0.
WEEK_EFFECTS: dict[str, dict[int, float]] = {
    "promo_code_not_working": {2: 4.0, 3: 1.8},  # summer campaign with a broken code
    "parcel_late": {4: 3.2, 5: 3.6, 6: 1.6},  # carrier capacity problem
    "damaged_goods": {5: 1.8},
    "charged_twice": {8: 5.0, 9: 1.5},  # payment provider incident
    "login_after_reset": {10: 2.2, 11: 2.5},  # new login solution rolled out
    "order_confirmation_missing": {8: 2.0},
    "opening_hours_store": {3: 1.6, 4: 1.6},  # summer holidays
}
# Baseline weekly volume (summer dip mid-period).
WEEK_VOLUME = (1.0, 1.05, 1.15, 1.0, 1.05, 1.1, 0.85, 0.8, 1.05, 1.0, 0.95, 1.05)

# --------------------------------------------------------------------------------------------
# Products: (model, sv, da, nb, en)
# --------------------------------------------------------------------------------------------
PRODUCTS = (
    ("Alva", "skrivbord", "skrivebord", "skrivebord", "desk"),
    ("Tindra", "taklampa", "loftlampe", "taklampe", "ceiling lamp"),
    ("Mora", "sänggavel", "sengegavl", "sengegavl", "headboard"),
    ("Linnea", "bäddset", "sengesæt", "sengesett", "bedding set"),
    ("Ergo Plus", "kontorsstol", "kontorstol", "kontorstol", "office chair"),
    ("Sona X2", "hörlurar", "høretelefoner", "hodetelefoner", "headphones"),
    ("Brygg 10", "kaffebryggare", "kaffemaskine", "kaffetrakter", "coffee maker"),
    ("Fjord", "soffa", "sofa", "sofa", "sofa"),
    ("Ask", "bokhylla", "reol", "bokhylle", "bookcase"),
    ("Vinga", "regnjacka", "regnjakke", "regnjakke", "rain jacket"),
    ("Stig", "vandringskängor", "vandrestøvler", "fjellsko", "hiking boots"),
    ("Ljung", "matbord", "spisebord", "spisebord", "dining table"),
    ("Orbit", "robotdammsugare", "robotstøvsuger", "robotstøvsuger", "robot vacuum"),
    ("Hav", "badlakan", "badehåndklæde", "badehåndkle", "bath towel"),
    ("Kvist", "garderob", "garderobeskab", "garderobe", "wardrobe"),
    ("Nova", "barnsäng", "juniorseng", "juniorseng", "junior bed"),
    ("Solvik", "utemöbelset", "havemøbelsæt", "hagemøbelsett", "garden furniture set"),
    ("Runa", "matta", "tæppe", "teppe", "rug"),
    ("Kaj", "spegel", "spejl", "speil", "mirror"),
    ("Lugn", "madrass", "madras", "madrass", "mattress"),
)
_PIDX = {"sv": 1, "da": 2, "nb": 3, "en": 4}

# --------------------------------------------------------------------------------------------
# Per-language kit: boilerplate, context sentences, formats.
# --------------------------------------------------------------------------------------------
KIT: dict[str, dict] = {
    "sv": {
        "greet": ["Hej!", "Hej,", "Hej", "Hejsan!", "Hej kundtjänst,", "Hej Nordhem!", "God morgon,", "Hallå!", "Goddag,", "Hej hej,"],
        "chat_greet": ["hej", "Hej!", "hej hej", "hallå", "Hej, en fråga", ""],
        "ctx_pre": [
            "Jag har försökt ringa er men kön var över 40 minuter.",
            "Jag har letat på hemsidan utan att hitta något svar.",
            "Jag har varit kund hos er i många år och brukar vara nöjd.",
            "Skriver här eftersom chatten inte fungerade.",
            "Beställningen gjordes via appen.",
            "Det gäller en order jag lade för ett tag sedan.",
            "Jag skriver för min pappas räkning, han har inte e-post.",
        ],
        "ctx_post": [
            "Det är andra gången detta händer.",
            "Det var en present så det är ganska bråttom.",
            "Jag har bifogat en skärmdump.",
            "Mycket dålig service om jag ska vara ärlig.",
            "Jag jobbar dagtid så mejl går bäst.",
            "Min sambo har också försökt kontakta er utan resultat.",
            "Jag har inte fått något sms eller mejl om detta heller.",
            "Vi behöver det till helgen.",
            "Annars har allt fungerat bra.",
            "Har kollat i skräpposten också.",
        ],
        "ask": [
            "Kan ni hjälpa mig?",
            "Tacksam för snabbt svar.",
            "Hör av er snarast.",
            "Vad gör jag nu?",
            "Hoppas ni kan lösa detta.",
            "Återkom gärna så snart som möjligt.",
            "Tack på förhand!",
            "Ser fram emot ert svar.",
        ],
        "signoff": ["Med vänlig hälsning", "Mvh", "MVH", "Vänliga hälsningar", "Hälsningar", "Tack på förhand", "/", "Ha en bra dag!"],
        "sent_from": ["Skickat från min iPhone", "Skickat från min iPad", "Skickat från Outlook för Android", "Sent from my iPhone"],
        "phone_label": ["Tel:", "Mobil:", "Tel.", "Mob:", ""],
        "order_ref": ["Ordernummer: {order}", "Ordernr {order}", "Order {order}", "Mitt ordernummer är {order}."],
        "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
        "wdays": ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"],
        "carriers": ["PostNord", "DHL", "Budbee", "Instabox", "Bring"],
        "codes": ["SOMMAR20", "SOMMAR26", "VÄLKOMMEN10", "FRIFRAKT", "NYHET15", "VIP25"],
        "generic_subject": ["Fråga", "Hjälp", "Angående min order", "Ärende", "Kundtjänst", "Fråga om order", "Viktigt!", "Order", "Problem", "Synpunkt"],
        "reply_prefix": ["SV: ", "Sv: ", "RE: ", "Re: "],
        "company": "Nordhem Kundservice <kundservice@nordhem.se>",
        "case_subject": ["Ditt ärende #{case}", "[Nordhem] Ärende {case}", "Ang. ditt ärende {case}"],
        "phone_tpl": [
            "Kund ringer om {topic}. {ref} {action}",
            "Kunden ringde ang. {topic}. {ref} {action}",
            "Samtal från kund: {topic}. {action}",
            "Kund ringer, {topic}. {ref} Kund upprörd. {action}",
            "Inkommande samtal – {topic}. {action} {ref}",
            "{topic} – kund hör av sig igen. {ref} {action}",
            "Kund ringde kl {hm} om {topic}. {action}",
        ],
        "phone_ref": ["Order {order}.", "Ordernr {order}.", "Ordernr: {order}.", "Hittar ordern på namn.", ""],
        "phone_action": [
            "Lovat återkoppling inom 48 h.", "Löst i samtalet.", "Eskalerat till 2nd line.",
            "Kund återkommer.", "Info given.", "Ärende skapat.",
        ],
        "proc_action": {
            "delivery": ["Skapat ärende hos transportör.", "Skickat vidare till lager.", "Bett kund mejla bilder."],
            "billing_payment": ["Ej löst, väntar på svar från ekonomi.", "Skickat till ekonomi."],
            "returns": ["Kollat returen i systemet.", "Skickat till ekonomi för återbetalning."],
            "account_login": ["Skickat ny återställningslänk.", "Låst upp kontot."],
            "ordering": ["Kollat lagersaldo.", "Hittade ordern i systemet."],
            "subscriptions": ["Avslutat prenumerationen.", "Skickat till ekonomi."],
            "product_information": ["Hänvisat till hemsidan.", "Mejlat produktblad."],
            "customer_data": ["Skickat ansökan till B2B-teamet."],
            "complaints_handling": ["Eskalerat till teamledare.", "Bett om ursäkt, lovat svar idag."],
        },
        "phone_subject": ["Samtal: {topic}", "Inkommande samtal", "Telefon – {topic}", "Samtalsanteckning"],
        "form_labels": ("Namn", "E-post", "Telefon", "Ordernummer", "Meddelande", "Ärendetyp"),
        "form_subject": "Kontaktformulär: {cat}",
        "categories": {
            "ordering": "Beställning", "delivery": "Leverans", "returns": "Retur & reklamation",
            "billing_payment": "Faktura & betalning", "account_login": "Mitt konto",
            "product_information": "Produktfrågor", "customer_data": "Företagskund",
            "subscriptions": "Prenumeration", "complaints_handling": "Reklamation", "other": "Övrigt",
        },
        "chat_visitor": "Besökare",
        "chat_agent": ["Kundservice Maja: Hej och välkommen! Vad kan jag hjälpa till med?", "Kundservice Johan: Hej! Jag tittar på det direkt."],
        "agent_reply": [
            "Hej {first}!\n\nTack för att du kontaktade oss. Vi har tittat på ditt ärende och återkommer så snart vi vet mer.\n\nMed vänliga hälsningar\nMaja\nNordhem Kundservice",
            "Hej,\n\nTack för ditt meddelande. Kan du skicka ditt ordernummer så hjälper vi dig vidare?\n\nVänliga hälsningar\nJohan, Nordhem",
            "Hej {first},\n\nVi beklagar besväret. Ärendet är skickat vidare till berörd avdelning.\n\nMvh\nNordhem Kundservice",
        ],
        "auto": [
            "Automatiskt svar: Jag är på semester till och med {date} och läser inte min e-post. Vid brådskande ärenden, kontakta {colleague}.",
            "Hej! Tack för ditt mejl. Jag är tjänstledig till {date}. Ditt mejl vidarebefordras inte.",
            "Detta är ett automatiskt svar. Jag är på semester och är tillbaka {date}.",
        ],
        "auto_subject": ["Automatiskt svar: {subj}", "Frånvaro: {subj}", "Autosvar: {subj}"],
        "pii": {
            "PERSONNUMMER": ["Mitt personnummer är {pnr}.", "Personnr: {pnr}", "Ni kan söka på mitt personnummer {pnr}.", "Pnr {pnr}"],
            "SAMORDNING": ["Jag har samordningsnummer {snr}.", "Samordningsnr: {snr}"],
            "PHONE": ["Ring mig gärna på {phone}.", "Nås på {phone} efter kl. 16.", "Mitt nummer: {phone}"],
            "EMAIL": ["Svara gärna till {email} i stället.", "Min nya mejladress är {email}."],
            "CARD": ["Kortet som drogs: {card}", "Kortnummer {card} om ni behöver det.", "Det gäller kortet {card}."],
            "IBAN": ["Sätt gärna in pengarna på {iban}.", "Mitt IBAN: {iban}"],
        },
        "market": "SE",
    },
    "da": {
        "greet": ["Hej", "Hej,", "Hej!", "Goddag", "Goddag,", "Kære kundeservice,", "Hejsa", "Hej Nordhem,", "Hej med jer,"],
        "chat_greet": ["hej", "Hej!", "hejsa", "Hej, jeg har et spørgsmål", ""],
        "ctx_pre": [
            "Jeg har prøvet at ringe, men ventetiden var over en halv time.",
            "Jeg har ledt på jeres hjemmeside uden at finde et svar.",
            "Jeg har været kunde hos jer i mange år.",
            "Jeg skriver her, fordi chatten ikke virkede.",
            "Bestillingen blev lavet i jeres app.",
            "Det drejer sig om en ordre, jeg lagde for et stykke tid siden.",
            "Jeg skriver på vegne af min mor, som ikke har mail.",
        ],
        "ctx_post": [
            "Det er anden gang, det sker.",
            "Det var en gave, så det haster lidt.",
            "Jeg har vedhæftet et skærmbillede.",
            "Ærligt talt ret dårlig service.",
            "Jeg er på arbejde om dagen, så mail er bedst.",
            "Min kæreste har også prøvet at kontakte jer uden held.",
            "Jeg har heller ikke fået nogen sms eller mail om det.",
            "Vi skal bruge det til weekenden.",
            "Ellers har alt fungeret fint.",
            "Jeg har også kigget i spam.",
        ],
        "ask": [
            "Kan I hjælpe?",
            "På forhånd tak.",
            "Håber på et hurtigt svar.",
            "Hvad gør jeg nu?",
            "Vend venligst tilbage hurtigst muligt.",
            "Jeg ser frem til at høre fra jer.",
            "Giv lige besked.",
            "Tak for hjælpen!",
        ],
        "signoff": ["Med venlig hilsen", "Venlig hilsen", "Mvh", "MVH", "Vh", "Hilsen", "De bedste hilsner", "Tak på forhånd"],
        "sent_from": ["Sendt fra min iPhone", "Sendt fra min iPad", "Sendt fra Outlook til Android", "Sent from my iPhone"],
        "phone_label": ["Tlf.:", "Mobil:", "Tlf", "Mob.:", ""],
        "order_ref": ["Ordrenummer: {order}", "Ordrenr. {order}", "Ordre {order}", "Mit ordrenummer er {order}."],
        "months": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"],
        "wdays": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
        "carriers": ["GLS", "PostNord", "DAO", "Bring"],
        "codes": ["SOMMER20", "VELKOMMEN10", "FRIFRAGT", "SOMMER26", "VIP25"],
        "generic_subject": ["Spørgsmål", "Hjælp", "Vedr. min ordre", "Henvendelse", "Kundeservice", "Ordre", "Problem", "Vigtigt", "Reklamation"],
        "reply_prefix": ["SV: ", "Sv: ", "RE: ", "Re: "],
        "company": "Nordhem Kundeservice <kundeservice@nordhem.dk>",
        "case_subject": ["Din henvendelse #{case}", "[Nordhem] Sag {case}", "Vedr. sag {case}"],
        "phone_tpl": [
            "Kunde ringer om {topic}. {ref} {action}",
            "Kunden ringede vedr. {topic}. {ref} {action}",
            "Opkald fra kunde: {topic}. {action}",
            "Kunde ringer, {topic}. {ref} Kunden er utilfreds. {action}",
            "Indgående opkald – {topic}. {action} {ref}",
            "{topic} – kunden henvender sig igen. {ref} {action}",
            "Kunde ringede kl. {hm} om {topic}. {action}",
        ],
        "phone_ref": ["Ordre {order}.", "Ordrenr. {order}.", "Ordrenr: {order}.", "Fandt ordren på navn.", ""],
        "phone_action": [
            "Lovet svar inden for 48 t.", "Løst i opkaldet.", "Eskaleret til 2nd level.",
            "Kunden vender tilbage.", "Info givet.", "Sag oprettet.",
        ],
        "proc_action": {
            "delivery": ["Oprettet sag hos fragtfirma.", "Sendt videre til lageret.", "Bedt kunden maile billeder."],
            "billing_payment": ["Ikke løst, afventer økonomi.", "Sendt til bogholderiet."],
            "returns": ["Tjekket returen i systemet.", "Sendt til økonomi til refundering."],
            "account_login": ["Sendt nyt nulstillingslink.", "Låst kontoen op."],
            "ordering": ["Tjekket lagerstatus.", "Fandt ordren i systemet."],
            "subscriptions": ["Opsagt abonnementet.", "Sendt til økonomi."],
            "product_information": ["Henvist til hjemmesiden.", "Mailet produktblad."],
            "customer_data": ["Sendt ansøgning til B2B-teamet."],
            "complaints_handling": ["Eskaleret til teamleder.", "Beklaget, lovet svar i dag."],
        },
        "phone_subject": ["Opkald: {topic}", "Indgående opkald", "Telefon – {topic}", "Opkaldsnote"],
        "form_labels": ("Navn", "E-mail", "Telefon", "Ordrenummer", "Besked", "Emne"),
        "form_subject": "Kontaktformular: {cat}",
        "categories": {
            "ordering": "Bestilling", "delivery": "Levering", "returns": "Returnering",
            "billing_payment": "Faktura og betaling", "account_login": "Min konto",
            "product_information": "Produktspørgsmål", "customer_data": "Erhvervskunde",
            "subscriptions": "Abonnement", "complaints_handling": "Reklamation", "other": "Andet",
        },
        "chat_visitor": "Besøgende",
        "chat_agent": ["Kundeservice Sofie: Hej og velkommen! Hvad kan jeg hjælpe med?", "Kundeservice Mads: Hej! Jeg kigger på det med det samme."],
        "agent_reply": [
            "Hej {first}\n\nTak for din henvendelse. Vi har kigget på sagen og vender tilbage, så snart vi ved mere.\n\nMed venlig hilsen\nSofie\nNordhem Kundeservice",
            "Hej,\n\nTak for din besked. Vil du sende dit ordrenummer, så hjælper vi dig videre?\n\nVenlig hilsen\nMads, Nordhem",
            "Kære {first}\n\nVi beklager ulejligheden. Sagen er sendt videre til den relevante afdeling.\n\nMvh\nNordhem Kundeservice",
        ],
        "auto": [
            "Autosvar: Jeg er på ferie til og med {date} og har ikke adgang til min mail. Ved hastende sager kontakt {colleague}.",
            "Tak for din mail. Jeg er fraværende indtil {date}. Din mail bliver ikke videresendt.",
            "Dette er et automatisk svar. Jeg holder ferie og er tilbage {date}.",
        ],
        "auto_subject": ["Autosvar: {subj}", "Fraværende: {subj}", "Automatisk svar: {subj}"],
        "pii": {
            "CPR": ["Mit CPR-nummer er {cpr}.", "CPR: {cpr}", "Cpr.nr. {cpr}"],
            "PHONE": ["Ring gerne på {phone}.", "I kan fange mig på {phone} efter kl. 16.", "Mit nummer: {phone}"],
            "EMAIL": ["Svar venligst til {email} i stedet.", "Min nye mailadresse er {email}."],
            "CARD": ["Kortet der blev trukket: {card}", "Kortnummer {card}, hvis I skal bruge det."],
            "IBAN": ["I kan overføre pengene til {iban}.", "Mit IBAN: {iban}"],
        },
        "market": "DK",
    },
    "nb": {
        "greet": ["Hei", "Hei,", "Hei!", "Hallo,", "Hei kundeservice,", "Heisann!", "God dag,", "Hei Nordhem,", "Hei hei,"],
        "chat_greet": ["hei", "Hei!", "heisann", "Hei, har et spørsmål", ""],
        "ctx_pre": [
            "Har prøvd å ringe, men ventetiden var over 40 minutter.",
            "Jeg har lett på nettsiden uten å finne noe svar.",
            "Jeg har vært kunde hos dere i mange år.",
            "Skriver her fordi chatten ikke fungerte.",
            "Bestillingen ble gjort i appen.",
            "Gjelder en ordre jeg la inn for en stund siden.",
            "Jeg skriver på vegne av faren min, som ikke har e-post.",
        ],
        "ctx_post": [
            "Det er andre gang dette skjer.",
            "Det var en gave, så det haster litt.",
            "Legger ved skjermbilde.",
            "Ærlig talt ganske dårlig service.",
            "Jeg jobber på dagtid, så e-post er best.",
            "Samboeren min har også prøvd å få tak i dere uten hell.",
            "Har heller ikke fått noen SMS eller e-post om dette.",
            "Vi trenger det til helgen.",
            "Ellers har alt fungert fint.",
            "Har sjekket søppelposten også.",
        ],
        "ask": [
            "Kan dere hjelpe meg?",
            "Takk på forhånd.",
            "Håper på raskt svar.",
            "Hva gjør jeg nå?",
            "Gi beskjed så fort som mulig.",
            "Ser fram til å høre fra dere.",
            "Håper dere kan ordne dette.",
            "Takk for hjelpen!",
        ],
        "signoff": ["Med vennlig hilsen", "Vennlig hilsen", "Mvh", "MVH", "Hilsen", "Beste hilsen", "Takk på forhånd"],
        "sent_from": ["Sendt fra min iPhone", "Sendt fra min iPad", "Sendt fra Outlook for Android", "Sent from my iPhone"],
        "phone_label": ["Tlf:", "Mobil:", "Tlf.", "Mob:", ""],
        "order_ref": ["Ordrenummer: {order}", "Ordrenr. {order}", "Ordre {order}", "Ordrenummeret mitt er {order}."],
        "months": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
        "wdays": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
        "carriers": ["Posten", "Bring", "Helthjem", "PostNord", "Porterbuddy"],
        "codes": ["SOMMER20", "VELKOMMEN10", "GRATISFRAKT", "SOMMER26", "VIP25"],
        "generic_subject": ["Spørsmål", "Hjelp", "Ang. ordre", "Henvendelse", "Kundeservice", "Ordre", "Problem", "Viktig", "Reklamasjon"],
        "reply_prefix": ["SV: ", "Sv: ", "RE: ", "Re: "],
        "company": "Nordhem Kundeservice <kundeservice@nordhem.no>",
        "case_subject": ["Din henvendelse #{case}", "[Nordhem] Sak {case}", "Ang. sak {case}"],
        "phone_tpl": [
            "Kunde ringer om {topic}. {ref} {action}",
            "Kunden ringte ang. {topic}. {ref} {action}",
            "Samtale med kunde: {topic}. {action}",
            "Kunde ringer, {topic}. {ref} Kunden er misfornøyd. {action}",
            "Innkommende samtale – {topic}. {action} {ref}",
            "{topic} – kunden tar kontakt igjen. {ref} {action}",
            "Kunde ringte kl. {hm} om {topic}. {action}",
        ],
        "phone_ref": ["Ordre {order}.", "Ordrenr. {order}.", "Ordrenr: {order}.", "Fant ordren på navn.", ""],
        "phone_action": [
            "Lovet tilbakemelding innen 48 t.", "Løst i samtalen.", "Eskalert til 2. linje.",
            "Kunden tar kontakt igjen.", "Info gitt.", "Sak opprettet.",
        ],
        "proc_action": {
            "delivery": ["Opprettet sak hos transportør.", "Sendt videre til lager.", "Bedt kunden sende bilder på e-post."],
            "billing_payment": ["Ikke løst, venter på økonomi.", "Sendt til regnskap."],
            "returns": ["Sjekket returen i systemet.", "Sendt til økonomi for refusjon."],
            "account_login": ["Sendt ny lenke for tilbakestilling.", "Låst opp kontoen."],
            "ordering": ["Sjekket lagerstatus.", "Fant ordren i systemet."],
            "subscriptions": ["Avsluttet abonnementet.", "Sendt til økonomi."],
            "product_information": ["Henvist til nettsiden.", "Sendt produktark på e-post."],
            "customer_data": ["Sendt søknad til B2B-teamet."],
            "complaints_handling": ["Eskalert til teamleder.", "Beklaget, lovet svar i dag."],
        },
        "phone_subject": ["Samtale: {topic}", "Innkommende samtale", "Telefon – {topic}", "Samtalenotat"],
        "form_labels": ("Navn", "E-post", "Telefon", "Ordrenummer", "Melding", "Kategori"),
        "form_subject": "Kontaktskjema: {cat}",
        "categories": {
            "ordering": "Bestilling", "delivery": "Levering", "returns": "Retur",
            "billing_payment": "Faktura og betaling", "account_login": "Min side",
            "product_information": "Produktspørsmål", "customer_data": "Bedriftskunde",
            "subscriptions": "Abonnement", "complaints_handling": "Reklamasjon", "other": "Annet",
        },
        "chat_visitor": "Besøkende",
        "chat_agent": ["Kundeservice Ingrid: Hei og velkommen! Hva kan jeg hjelpe deg med?", "Kundeservice Ola: Hei! Jeg ser på det med en gang."],
        "agent_reply": [
            "Hei {first}!\n\nTakk for at du kontaktet oss. Vi har sett på saken og kommer tilbake til deg så snart vi vet mer.\n\nMed vennlig hilsen\nIngrid\nNordhem Kundeservice",
            "Hei,\n\nTakk for meldingen. Kan du sende oss ordrenummeret, så hjelper vi deg videre?\n\nVennlig hilsen\nOla, Nordhem",
            "Hei {first},\n\nVi beklager ulempen. Saken er sendt videre til riktig avdeling.\n\nMvh\nNordhem Kundeservice",
        ],
        "auto": [
            "Automatisk svar: Jeg er på ferie til og med {date} og leser ikke e-post. Ved hastesaker, kontakt {colleague}.",
            "Takk for e-posten. Jeg er borte til {date}. E-posten blir ikke videresendt.",
            "Dette er et automatisk svar. Jeg har ferie og er tilbake {date}.",
        ],
        "auto_subject": ["Automatisk svar: {subj}", "Fravær: {subj}", "Autosvar: {subj}"],
        "pii": {
            "FODSELSNUMMER": ["Fødselsnummeret mitt er {fnr}.", "Fødselsnr.: {fnr}", "Personnummer {fnr}"],
            "DNUMMER": ["Jeg har D-nummer {dnr}.", "D-nr: {dnr}"],
            "PHONE": ["Ring meg gjerne på {phone}.", "Treffes på {phone} etter kl. 16.", "Nummeret mitt: {phone}"],
            "EMAIL": ["Svar gjerne til {email} i stedet.", "Ny e-postadresse: {email}"],
            "CARD": ["Kortet som ble trukket: {card}", "Kortnummer {card} hvis dere trenger det."],
            "IBAN": ["Dere kan sette inn pengene på {iban}.", "IBAN: {iban}"],
        },
        "market": "NO",
    },
    "en": {
        "greet": ["Hi,", "Hello,", "Hi there,", "Dear Sir/Madam,", "Hello Nordhem team,", "Good morning,", "Hi!", "Dear customer service,", "Hey,"],
        "chat_greet": ["hi", "Hi!", "hello", "Hi, quick question", ""],
        "ctx_pre": [
            "I tried calling but the queue was over 40 minutes.",
            "I've looked on your website and can't find an answer.",
            "I've been a customer for years and am usually happy.",
            "Writing here because the chat wasn't working.",
            "I ordered through the app.",
            "This is about an order I placed a while ago.",
            "I'm writing on behalf of my father, who doesn't use email.",
        ],
        "ctx_post": [
            "This is the second time this has happened.",
            "It was a gift so it's fairly urgent.",
            "Screenshot attached.",
            "Honestly pretty poor service.",
            "I work during the day so email is best.",
            "My partner has also tried to contact you with no luck.",
            "I haven't had any text or email about this either.",
            "We need it for the weekend.",
            "Otherwise everything has been fine.",
            "I've checked my spam folder too.",
        ],
        "ask": [
            "Can you help?",
            "Thanks in advance.",
            "Hoping for a quick reply.",
            "What should I do now?",
            "Please get back to me asap.",
            "Look forward to hearing from you.",
            "Please advise.",
            "Many thanks!",
        ],
        "signoff": ["Best regards", "Kind regards", "Regards", "Thanks", "Cheers", "Many thanks", "Best", "Thank you"],
        "sent_from": ["Sent from my iPhone", "Sent from my iPad", "Sent from Outlook for Android", "Get Outlook for iOS"],
        "phone_label": ["Tel:", "Mobile:", "Phone:", "M:", ""],
        "order_ref": ["Order number: {order}", "Order no. {order}", "Order #{order}", "My order number is {order}."],
        "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "wdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "carriers": ["DHL", "PostNord", "UPS", "Budbee"],
        "codes": ["SUMMER20", "WELCOME10", "FREESHIP", "SUMMER26", "VIP25"],
        "generic_subject": ["Question", "Help", "My order", "Enquiry", "Customer service", "Order query", "Urgent", "Problem", "Complaint"],
        "reply_prefix": ["Re: ", "RE: ", "Fwd: "],
        "company": "Nordhem Support <support@nordhem.com>",
        "case_subject": ["Your request #{case}", "[Nordhem] Case {case}", "Re your case {case}"],
        "phone_tpl": [
            "Customer called re {topic}. {ref} {action}",
            "Cust called about {topic}. {ref} {action}",
            "Call from customer: {topic}. {action}",
            "Customer calling, {topic}. {ref} Customer upset. {action}",
            "Inbound call – {topic}. {action} {ref}",
            "{topic} – customer chasing again. {ref} {action}",
            "Customer rang at {hm} about {topic}. {action}",
        ],
        "phone_ref": ["Order {order}.", "Order no {order}.", "Ord: {order}.", "Found order by name.", ""],
        "phone_action": [
            "Promised callback within 48h.", "Resolved on call.", "Escalated to 2nd line.",
            "Cust will call back.", "Info given.", "Ticket raised.",
        ],
        "proc_action": {
            "delivery": ["Raised claim with carrier.", "Passed to warehouse.", "Asked cust to email photos."],
            "billing_payment": ["Not resolved, waiting for finance.", "Passed to finance."],
            "returns": ["Checked return in system.", "Passed to finance for refund."],
            "account_login": ["Sent new reset link.", "Unlocked account."],
            "ordering": ["Checked stock.", "Found order in system."],
            "subscriptions": ["Cancelled subscription.", "Passed to finance."],
            "product_information": ["Referred to website.", "Emailed spec sheet."],
            "customer_data": ["Sent application to B2B team."],
            "complaints_handling": ["Escalated to team lead.", "Apologised, promised reply today."],
        },
        "phone_subject": ["Call: {topic}", "Inbound call", "Phone – {topic}", "Call note"],
        "form_labels": ("Name", "Email", "Phone", "Order number", "Message", "Topic"),
        "form_subject": "Contact form: {cat}",
        "categories": {
            "ordering": "Ordering", "delivery": "Delivery", "returns": "Returns",
            "billing_payment": "Billing & payment", "account_login": "My account",
            "product_information": "Product question", "customer_data": "Business customers",
            "subscriptions": "Subscription", "complaints_handling": "Complaint", "other": "Other",
        },
        "chat_visitor": "Visitor",
        "chat_agent": ["Support Emma: Hi and welcome! How can I help?", "Support Liam: Hi! I'll look into that right away."],
        "agent_reply": [
            "Hi {first},\n\nThank you for contacting us. We have looked into your case and will get back to you as soon as we know more.\n\nKind regards\nEmma\nNordhem Customer Support",
            "Hello,\n\nThanks for your message. Could you send us your order number so we can help you further?\n\nBest regards\nLiam, Nordhem",
            "Dear {first},\n\nWe're sorry for the inconvenience. Your case has been passed to the relevant team.\n\nRegards\nNordhem Support",
        ],
        "auto": [
            "Out of office: I am out of the office until {date} with limited access to email. For urgent matters please contact {colleague}.",
            "Thank you for your email. I'm on annual leave until {date} and will respond on my return.",
            "This is an automatic reply. I am currently away and will be back on {date}.",
        ],
        "auto_subject": ["Out of Office: {subj}", "Automatic reply: {subj}", "Out of office"],
        "pii": {
            "PERSONNUMMER": ["My Swedish personal number is {pnr}."],
            "CPR": ["My CPR number is {cpr}."],
            "FODSELSNUMMER": ["My Norwegian ID number is {fnr}."],
            "PHONE": ["Please call me on {phone}.", "You can reach me at {phone}.", "My number is {phone}"],
            "EMAIL": ["Please reply to {email} instead.", "My new email is {email}."],
            "CARD": ["The card charged was {card}", "Card number {card} if you need it."],
            "IBAN": ["Please refund to {iban}.", "My IBAN is {iban}"],
        },
        "market": "INT",
    },
}

# Short English snippets that Scandinavian writers drop into their mails (mixed-language tickets).
MIXED_EN = [
    "Tracking says delivered though.",
    "Please advise asap.",
    "FYI I ordered on the website.",
    "Thanks in advance!",
    "Sorry for my English, but this is really annoying.",
    "Not happy at all.",
    "This is a real pain, to be honest.",
    "Just so you know, I've already tried twice.",
]

FIRST = {
    "sv": ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Emma", "Per", "Elin", "Mikael", "Linnea", "Oskar", "Ebba", "Fredrik", "Aisha", "Ali"],
    "da": ["Mette", "Jens", "Camilla", "Søren", "Louise", "Mads", "Sofie", "Niels", "Line", "Rasmus", "Pia", "Frederik", "Ida", "Henrik", "Mikkel"],
    "nb": ["Ingrid", "Ole", "Kari", "Lars", "Silje", "Magnus", "Nora", "Håkon", "Ida", "Eirik", "Marte", "Jonas", "Sigrid", "Thomas", "Amir"],
    "en": ["Sarah", "James", "Emily", "David", "Laura", "Michael", "Olivia", "Tom", "Priya", "Daniel", "Chloe", "Mark", "Rachel", "Ben"],
}
LAST = {
    "sv": ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Lindqvist", "Bergström", "Holm", "Ahmed"],
    "da": ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen"],
    "nb": ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Berg", "Haugen", "Hagen", "Bakken", "Solberg"],
    "en": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Patel", "Walker", "Wright", "Green", "Miller"],
}
MAIL_DOMAINS = {
    "sv": ["gmail.com", "hotmail.com", "outlook.com", "telia.com", "live.se", "icloud.com", "yahoo.se", "bredband.net"],
    "da": ["gmail.com", "hotmail.com", "outlook.dk", "mail.dk", "live.dk", "icloud.com", "yahoo.dk", "jubii.dk"],
    "nb": ["gmail.com", "hotmail.com", "outlook.com", "online.no", "live.no", "icloud.com", "yahoo.no", "getmail.no"],
    "en": ["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.com", "icloud.com", "btinternet.com", "protonmail.com"],
}

# Which PII types a reason tends to attract (in addition to the general mix).
PII_BOOST = {
    "refund_not_received": ("IBAN", "IBAN", "CARD"),
    "charged_twice": ("CARD", "CARD", "IBAN"),
    "subscription_charged_after_cancel": ("CARD", "IBAN"),
    "update_payment_card": ("CARD", "CARD", "CARD"),
    "login_after_reset": ("NATID", "NATID", "EMAIL"),
    "open_business_account": ("PHONE", "EMAIL"),
    "invoice_wrong_amount": ("NATID", "IBAN"),
}
PII_BASE = ("PHONE", "PHONE", "PHONE", "EMAIL", "EMAIL", "NATID", "NATID", "CARD", "IBAN")
# Gold PII type names follow the masking placeholders in demandlens.ingest.mask.
PII_GOLD = {
    "PERSONNUMMER": "PERSONNUMMER", "SAMORDNING": "PERSONNUMMER", "CPR": "CPR",
    "FODSELSNUMMER": "FODSELSNUMMER", "DNUMMER": "FODSELSNUMMER",
    "PHONE": "PHONE", "EMAIL": "EMAIL", "CARD": "CARD", "IBAN": "IBAN",
}
NATID_BY_LANG = {
    "sv": ("PERSONNUMMER", "PERSONNUMMER", "PERSONNUMMER", "SAMORDNING"),
    "da": ("CPR",),
    "nb": ("FODSELSNUMMER", "FODSELSNUMMER", "FODSELSNUMMER", "DNUMMER"),
    "en": ("PERSONNUMMER", "CPR", "FODSELSNUMMER"),
}

# Third-person PII fragments for agent call notes.
PHONE_NOTE_CALLBACK = {
    "sv": ["Kundens nr: {phone}", "Ring tillbaka på {phone}.", "Tel {phone}."],
    "da": ["Kundens nr.: {phone}", "Ring tilbage på {phone}.", "Tlf. {phone}."],
    "nb": ["Kundens nr: {phone}", "Ring tilbake på {phone}.", "Tlf {phone}."],
    "en": ["Cust no: {phone}", "Call back on {phone}.", "Tel {phone}."],
}
PHONE_NOTE_ID_LABEL = {
    "PERSONNUMMER": "Pnr", "SAMORDNING": "Samordningsnr", "CPR": "CPR",
    "FODSELSNUMMER": "Fnr", "DNUMMER": "D-nr",
}

QUEUE_DEPT = {
    "ordering": "Orders", "delivery": "Delivery", "returns": "Returns",
    "billing_payment": "Billing", "account_login": "Web & Account",
    "product_information": "Product", "customer_data": "B2B",
    "subscriptions": "Subscriptions", "complaints_handling": "Claims",
}


# --------------------------------------------------------------------------------------------
# Identifier helpers (all valid checksums unless said otherwise)
# --------------------------------------------------------------------------------------------
def luhn_check_digit(digits: str) -> int:
    """Check digit that makes ``digits + d`` pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def luhn_valid(number: str) -> bool:
    return luhn_check_digit(number[:-1]) == int(number[-1])


def _birthdate(r: random.Random) -> datetime:
    return datetime(1945, 1, 1) + timedelta(days=r.randrange(0, 365 * 60))


def make_personnummer(r: random.Random, samordning: bool = False) -> str:
    b = _birthdate(r)
    day = b.day + (60 if samordning else 0)
    body = f"{b.year % 100:02d}{b.month:02d}{day:02d}{r.randrange(1000):03d}"
    check = luhn_check_digit(body)
    fmt = r.random()
    if fmt < 0.55:
        return f"{body[:6]}-{body[6:]}{check}"
    if fmt < 0.85:
        return f"{b.year // 100}{body}{check}"
    if fmt < 0.95:
        return f"{b.year // 100}{body[:6]}-{body[6:]}{check}"
    return f"{body}{check}"


def make_cpr(r: random.Random) -> str:
    b = _birthdate(r)
    # 7th digit consistent with century (1900-1999 -> 0-3, 2000-2036 -> 4 or 9)
    seventh = r.choice("0123") if b.year < 2000 else r.choice("49")
    s = f"{b.day:02d}{b.month:02d}{b.year % 100:02d}-{seventh}{r.randrange(1000):03d}"
    return s if r.random() < 0.8 else s.replace("-", "")


_FNR_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_FNR_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def make_fodselsnummer(r: random.Random, d_number: bool = False) -> str:
    while True:
        b = _birthdate(r)
        day = b.day + (40 if d_number else 0)
        if b.year < 2000:
            ind = r.randrange(0, 500)
        else:
            ind = r.randrange(500, 1000)
        base = f"{day:02d}{b.month:02d}{b.year % 100:02d}{ind:03d}"
        k1 = 11 - sum(int(c) * w for c, w in zip(base, _FNR_W1, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        base += str(k1)
        k2 = 11 - sum(int(c) * w for c, w in zip(base, _FNR_W2, strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        num = base + str(k2)
        return num if r.random() < 0.8 else f"{num[:6]} {num[6:]}"


def make_card(r: random.Random) -> str:
    prefix = r.choice(["4", "4", "4", "51", "52", "53", "54", "55"])
    k = 15 - len(prefix)
    body = prefix + f"{r.randrange(10**k):0{k}d}"
    num = body + str(luhn_check_digit(body))
    if r.random() < 0.6:
        return " ".join(num[i : i + 4] for i in range(0, 16, 4))
    return num if r.random() < 0.7 else "-".join(num[i : i + 4] for i in range(0, 16, 4))


def _iban_check(cc: str, bban: str) -> str:
    rearranged = bban + cc + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def make_iban(r: random.Random, cc: str) -> str:
    if cc == "SE":
        bban = r.choice(["500", "600", "800", "300", "950"]) + f"{r.randrange(10**17):017d}"
    elif cc == "DK":
        bban = f"{r.randrange(10**14):014d}"
    else:  # NO: 11-digit kontonummer with a mod-11 control digit
        w = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
        while True:
            base = f"{r.randrange(10**10):010d}"
            c = 11 - sum(int(a) * b for a, b in zip(base, w, strict=True)) % 11
            if c == 10:
                continue
            bban = base + str(0 if c == 11 else c)
            break
    iban = cc + _iban_check(cc, bban) + bban
    if r.random() < 0.6:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def make_phone(r: random.Random, lang: str) -> str:
    def d(k: int) -> str:
        return f"{r.randrange(10**k):0{k}d}"

    if lang == "sv":
        c = r.random()
        mob = f"7{r.choice('02369')}"
        if c < 0.35:
            return f"+46 {mob} {d(3)} {d(2)} {d(2)}"
        if c < 0.7:
            return f"0{mob}-{d(3)} {d(2)} {d(2)}"
        if c < 0.85:
            return f"0{mob}{d(7)}"
        return f"08-{d(3)} {d(2)} {d(2)}"
    if lang == "da":
        first = r.choice("2345")
        s = f"{first}{d(1)} {d(2)} {d(2)} {d(2)}"
        return f"+45 {s}" if r.random() < 0.5 else s
    if lang == "nb":
        first = r.choice("49")
        s = f"{first}{d(2)} {d(2)} {d(3)}"
        return f"+47 {s}" if r.random() < 0.5 else s
    c = r.random()
    if c < 0.4:
        return f"555-01{d(2)}"
    if c < 0.7:
        return f"+44 7700 900{d(3)}"
    return f"({r.choice(['206', '312', '415', '617'])}) 555-01{d(2)}"


def make_email(r: random.Random, first: str, last: str, lang: str) -> str:
    tr = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae", "é": "e"})
    f, l_ = first.lower().translate(tr), last.lower().translate(tr)
    style = r.randrange(5)
    local = [f"{f}.{l_}", f"{f}{l_}{r.randrange(10, 99)}", f"{f[0]}{l_}", f"{f}_{l_}", f"{f}.{l_[0]}{r.randrange(60, 99)}"][style]
    return f"{local}@{r.choice(MAIL_DOMAINS[lang])}"


def make_order(r: random.Random) -> str:
    """Order numbers: numeric look-alikes that are NOT personal identifiers."""
    c = r.random()
    if c < 0.55:
        return f"{r.randrange(1000, 9999)}-{r.randrange(1000, 9999)}"
    if c < 0.9:
        # 10 digits shaped like YYMMDDNNNN (plausible month) but failing the Luhn check, and
        # with a leading digit >= 4 so DDMMYY (CPR) reading gives an impossible day.
        while True:
            s = f"{r.randrange(4, 10)}{r.randrange(10)}{r.randrange(1, 13):02d}{r.randrange(10**6):06d}"
            if not luhn_valid(s):
                return s
    return f"{r.randrange(1_000_000, 9_999_999)}"


def make_invoice(r: random.Random) -> str:
    c = r.random()
    if c < 0.4:
        return f"F-2026-{r.randrange(1, 99999):05d}"
    if c < 0.8:
        return f"70{r.randrange(10**6):06d}"
    return f"{r.randrange(10**8, 10**9)}"


def make_orgnr(r: random.Random, lang: str) -> str:
    """Company registration numbers (not personal data). Swedish ones pass Luhn on purpose."""
    if lang in ("sv", "en"):
        # 55xxxx-xxxx style: third digit >= 2 so the "month" is impossible for a person.
        body = f"55{r.randrange(2, 10)}{r.randrange(10**6):06d}"
        return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"
    if lang == "da":
        return f"{r.randrange(10**7, 10**8)}"
    return f"9{r.randrange(10, 99)} {r.randrange(100, 999)} {r.randrange(100, 999)}"


def fmt_amount(r: random.Random, lang: str) -> str:
    v = r.choice([r.randrange(99, 999), r.randrange(1000, 15000), r.randrange(149, 2500)])
    if lang == "sv":
        s = f"{v:,}".replace(",", " ")
        return r.choice([f"{s} kr", f"{s}:-", f"{s} SEK"])
    if lang == "da":
        s = f"{v:,}".replace(",", ".")
        return r.choice([f"{s} kr.", f"{s},00 kr", f"DKK {s}"])
    if lang == "nb":
        s = f"{v:,}".replace(",", " ")
        return r.choice([f"{s} kr", f"kr {s},-", f"{s} NOK"])
    return r.choice([f"SEK {v:,}", f"{v:,} SEK", f"{v:,} kr", f"NOK {v:,}"])


def fmt_date(r: random.Random, lang: str, d: datetime) -> str:
    c = r.random()
    m = KIT[lang]["months"][d.month - 1]
    if lang == "sv":
        return f"{d.day} {m}" if c < 0.6 else (f"{d.day}/{d.month}" if c < 0.85 else d.strftime("%Y-%m-%d"))
    if lang in ("da", "nb"):
        return f"{d.day}. {m}" if c < 0.6 else (f"{d.day}/{d.month}" if c < 0.8 else d.strftime("%d.%m.%Y"))
    return f"{d.day} {m}" if c < 0.5 else (f"{m} {d.day}" if c < 0.8 else f"{d.day}/{d.month}")


def add_typos(r: random.Random, text: str, rate: float) -> str:
    """Random adjacent-character swaps, drops and doubled letters in longer alphabetic words."""
    words = text.split(" ")
    for i, w in enumerate(words):
        if len(w) >= 4 and w.isalpha() and r.random() < rate:
            j = r.randrange(1, len(w) - 1)
            op = r.random()
            if op < 0.45:
                w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            elif op < 0.8:
                w = w[:j] + w[j + 1 :]
            else:
                w = w[:j] + w[j] + w[j:]
            words[i] = w
    return " ".join(words)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


# --------------------------------------------------------------------------------------------
# Structure (vectorised)
# --------------------------------------------------------------------------------------------
def _structure(n: int, seed: int, start: str, weeks: int,
               week_effects: dict[str, dict[int, float]] | None = None) -> pd.DataFrame:
    """Week, reason, language, channel and timestamp of every ticket (vectorised).

    ``week_effects`` replaces :data:`WEEK_EFFECTS` (``{}``: no incidents at all; the alert
    benchmark plants its own)."""
    effects = WEEK_EFFECTS if week_effects is None else week_effects
    rng = np.random.default_rng(seed)
    start_ts = pd.Timestamp(start).normalize()
    start_ts = start_ts - pd.Timedelta(days=start_ts.day_of_week)  # align to Monday

    vol = np.array([WEEK_VOLUME[w % len(WEEK_VOLUME)] for w in range(weeks)])
    base_w = np.array([REASONS[k]["weight"] for k in REASON_KEYS])
    mult = np.ones((weeks, len(REASON_KEYS)))
    for j, k in enumerate(REASON_KEYS):
        for w, f in effects.get(k, {}).items():
            if w < weeks:
                mult[w, j] = f
    wmat = base_w[None, :] * mult  # [weeks, reasons]
    week_p = vol * wmat.sum(axis=1) / base_w.sum()
    week_p = week_p / week_p.sum()
    week = rng.choice(weeks, size=n, p=week_p)
    cum = np.cumsum(wmat / wmat.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(n)
    reason = (u[:, None] > cum[week]).sum(axis=1).clip(max=len(REASON_KEYS) - 1)

    lang = rng.choice(len(LANGS), size=n, p=LANG_P)
    channel = rng.choice(len(CHANNELS), size=n, p=CHANNEL_P)
    is_phone = channel == CHANNELS.index("phone")
    is_chat = channel == CHANNELS.index("chat")

    dow_p = np.array([1.25, 1.15, 1.05, 1.0, 0.9, 0.45, 0.5])
    dow_all = rng.choice(7, size=n, p=dow_p / dow_p.sum())
    dow_wk = rng.choice(5, size=n, p=dow_p[:5] / dow_p[:5].sum())
    dow = np.where(is_phone, dow_wk, dow_all)

    hour_any = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 5, 6, 6, 5.5, 5, 5.5, 5, 4.5, 4, 3.5, 3.5, 4, 4, 3.5, 2.5, 1.5])
    hour_office = np.zeros(24)
    hour_office[8:17] = [4, 6, 6, 5, 4, 5, 5, 4.5, 3]
    hour_chat = np.zeros(24)
    hour_chat[8:21] = [3, 5, 5, 5, 4, 5, 5, 4.5, 4, 3.5, 3.5, 3, 2.5]
    h_any = rng.choice(24, size=n, p=hour_any / hour_any.sum())
    h_off = rng.choice(24, size=n, p=hour_office / hour_office.sum())
    h_chat = rng.choice(24, size=n, p=hour_chat / hour_chat.sum())
    hour = np.where(is_phone, h_off, np.where(is_chat, h_chat, h_any))
    secs = rng.integers(0, 3600, size=n)
    offset = (week * 7 + dow) * 86400 + hour * 3600 + secs
    created = start_ts + pd.to_timedelta(offset, unit="s")

    order = np.argsort(offset, kind="stable")
    gaps = 1 + rng.geometric(0.7, size=n) - 1  # occasional gaps (deleted / merged tickets)
    ids = 104233 + np.cumsum(gaps)

    df = pd.DataFrame(
        {
            "created_at": created[order],
            "reason_i": reason[order],
            "lang_i": lang[order],
            "channel_i": channel[order],
            "u_fmt": rng.random(n)[order],  # spare uniforms for per-row decisions
        }
    )
    df["id"] = [f"ZD-{i}" for i in ids]
    return df


# --------------------------------------------------------------------------------------------
# Text assembly (per row, cheap)
# --------------------------------------------------------------------------------------------
class _Row:
    __slots__ = ("pii", "mixed")

    def __init__(self) -> None:
        self.pii: list[str] = []
        self.mixed = False


class _Slots(dict):
    """Template slot values, drawn lazily on first use (keeps per-row work small)."""

    def __init__(self, r: random.Random, lang: str, created: datetime) -> None:
        super().__init__()
        self.r, self.lang, self.created = r, lang, created

    def __missing__(self, key: str) -> str:
        r, lang = self.r, self.lang
        if key == "order":
            v = make_order(r)
        elif key == "product":
            p = r.choice(PRODUCTS)
            noun = p[_PIDX[lang]]
            v = f"{p[0]} {noun}" if lang == "en" or r.random() < 0.3 else f"{noun} {p[0]}"
        elif key == "date":
            v = fmt_date(r, lang, self.created - timedelta(days=r.randrange(2, 21)))
        elif key == "amount":
            v = fmt_amount(r, lang)
        elif key == "invoice":
            v = make_invoice(r)
        elif key == "code":
            v = r.choice(KIT[lang]["codes"])
        elif key == "carrier":
            v = r.choice(KIT[lang]["carriers"])
        elif key == "days":
            v = str(r.randrange(3, 15))
        elif key == "orgnr":
            v = make_orgnr(r, lang)
        else:
            raise KeyError(key)
        self[key] = v
        return v


def _slots(r: random.Random, lang: str, created: datetime) -> _Slots:
    return _Slots(r, lang, created)


def _pii_sentence(r: random.Random, lang: str, reason: str, row: _Row, person: dict) -> str:
    kind = r.choice(PII_BASE + PII_BOOST.get(reason, ()))
    if kind == "NATID":
        kind = r.choice(NATID_BY_LANG[lang])
    templates = KIT[lang]["pii"].get(kind)
    if templates is None:  # e.g. SAMORDNING not defined for en
        kind = "PHONE"
        templates = KIT[lang]["pii"]["PHONE"]
    t = r.choice(templates)
    if kind == "PERSONNUMMER":
        val = {"pnr": make_personnummer(r)}
    elif kind == "SAMORDNING":
        val = {"snr": make_personnummer(r, samordning=True)}
    elif kind == "CPR":
        val = {"cpr": make_cpr(r)}
    elif kind == "FODSELSNUMMER":
        val = {"fnr": make_fodselsnummer(r)}
    elif kind == "DNUMMER":
        val = {"dnr": make_fodselsnummer(r, d_number=True)}
    elif kind == "PHONE":
        val = {"phone": make_phone(r, lang)}
    elif kind == "EMAIL":
        val = {"email": make_email(r, person["first"], person["last"], lang)}
    elif kind == "CARD":
        val = {"card": make_card(r)}
    else:
        cc = {"sv": "SE", "da": "DK", "nb": "NO"}.get(lang) or r.choice(["SE", "DK", "NO"])
        val = {"iban": make_iban(r, cc)}
    row.pii.append(PII_GOLD[kind])
    return t.format_map(val)


def _message(r: random.Random, lang: str, reason: str, slots: dict, row: _Row, person: dict,
             n_ctx: int, pii_p: float, mixed: bool) -> list[str]:
    """Customer message as a list of sentences (core + optional context)."""
    kit = KIT[lang]
    spec = REASONS[reason][lang]
    core = _cap(r.choice(spec["core"]).format_map(slots))
    parts: list[str] = []
    if n_ctx >= 2 and r.random() < 0.6:
        parts.append(r.choice(kit["ctx_pre"]))
    parts.append(core)
    if r.random() < 0.25:
        # second core sentence from the same reason: a customer elaborating
        extra = _cap(r.choice(spec["core"]).format_map(slots))
        if extra != core:
            parts.append(extra)
    if "{order}" not in core and r.random() < 0.35:
        parts.append(r.choice(kit["order_ref"]).format_map(slots))
    for _ in range(max(0, n_ctx - 1)):
        parts.append(r.choice(kit["ctx_post"]))
    if r.random() < pii_p:
        parts.append(_pii_sentence(r, lang, reason, row, person))
        if r.random() < 0.15:
            parts.append(_pii_sentence(r, lang, reason, row, person))
    if mixed:
        row.mixed = True
        if r.random() < 0.5:
            parts.insert(r.randrange(1, len(parts) + 1), r.choice(MIXED_EN))
        else:
            parts.append(_cap(r.choice(REASONS[reason]["en"]["core"]).format_map(slots)))
    return parts


def _quote_header(r: random.Random, lang: str, when: datetime, cust_email: str, subj: str, row: _Row) -> tuple[str, bool]:
    """Header line(s) for a quoted earlier reply; returns (header, use '> ' prefix)."""
    kit = KIT[lang]
    comp = kit["company"]
    m = kit["months"][when.month - 1]
    wd = kit["wdays"][when.weekday()]
    hm = when.strftime("%H:%M")
    row.pii.append("EMAIL")  # the support address is an e-mail address too
    c = r.random()
    if lang == "sv":
        if c < 0.35:
            return f"Den {when.day} {m} {when.year} {hm} skrev {comp}:", True
        if c < 0.6:
            return f"Den {when:%d.%m.%Y} kl. {hm} skrev {comp}:", True
        if c < 0.8:
            return f"{when.day} {m[:3]}. {when.year} kl. {hm} skrev {comp}:", True
        head = "-----Ursprungligt meddelande-----\n" if r.random() < 0.4 else ""
        return f"{head}Från: {comp}\nSkickat: den {when.day} {m} {when.year} {hm}\nTill: {cust_email}\nÄmne: {subj}", False
    if lang == "da":
        if c < 0.45:
            return f"Den {when:%d.%m.%Y} kl. {when:%H.%M} skrev {comp}:", True
        if c < 0.7:
            return f"{wd[:3]}. {when.day}. {m[:3]}. {when.year} kl. {when:%H.%M} skrev {comp}:", True
        head = "-----Oprindelig meddelelse-----\n" if r.random() < 0.4 else ""
        return f"{head}Fra: {comp}\nSendt: {wd} den {when.day}. {m} {when.year} {hm}\nTil: {cust_email}\nEmne: {subj}", False
    if lang == "nb":
        if c < 0.45:
            return f"Den {when:%d.%m.%Y} kl. {hm} skrev {comp}:", True
        if c < 0.7:
            return f"{wd[:3]}. {when.day}. {m[:3]}. {when.year} kl. {hm} skrev {comp}:", True
        head = "-----Opprinnelig melding-----\n" if r.random() < 0.4 else ""
        return f"{head}Fra: {comp}\nSendt: {wd} {when.day}. {m} {when.year} {hm}\nTil: {cust_email}\nEmne: {subj}", False
    if c < 0.5:
        return f"On {wd[:3]}, {when.day} {m[:3]} {when.year} at {hm}, {comp} wrote:", True
    if c < 0.65:
        return f"On {m[:3]} {when.day}, {when.year}, at {hm}, {comp} wrote:", True
    ampm = when.strftime("%I:%M %p").lstrip("0")
    return (f"-----Original Message-----\nFrom: {comp}\nSent: {wd}, {m} {when.day}, {when.year} {ampm}\n"
            f"To: {cust_email}\nSubject: {subj}"), False


def _signature(r: random.Random, lang: str, person: dict, row: _Row) -> str:
    kit = KIT[lang]
    lines = [r.choice(kit["signoff"])]
    c = r.random()
    name = person["first"] if c < 0.35 else f"{person['first']} {person['last']}"
    if c > 0.93:
        name = person["first"][0]  # just an initial
    lines.append(name)
    if r.random() < 0.3:
        label = r.choice(kit["phone_label"])
        lines.append(f"{label} {make_phone(r, lang)}".strip())
        row.pii.append("PHONE")
    if r.random() < 0.08:
        lines.append(person["email"])
        row.pii.append("EMAIL")
    return "\n".join(lines)


def _email(r, lang, reason, slots, row, person, created, u) -> tuple[str, str]:
    kit = KIT[lang]
    spec = REASONS[reason][lang]
    n_ctx = r.choice((0, 0, 1, 1, 1, 2, 2, 3, 4))
    parts = _message(r, lang, reason, slots, row, person, n_ctx, 0.25, u < 0.03)
    if r.random() < 0.7:
        parts.append(r.choice(kit["ask"]))
    # paragraphs: longer mails get blank lines between groups of sentences
    if len(parts) >= 4 and r.random() < 0.7:
        cut = r.randrange(1, len(parts) - 1)
        body_text = " ".join(parts[:cut]) + "\n\n" + " ".join(parts[cut:])
    else:
        body_text = " ".join(parts)
    if r.random() < 0.35:
        body_text = add_typos(r, body_text, 0.04)
    blocks = []
    if r.random() < 0.85:
        blocks.append(r.choice(kit["greet"]))
    blocks.append(body_text)
    if r.random() < 0.85:
        blocks.append(_signature(r, lang, person, row))
    if r.random() < 0.12:
        blocks.append(r.choice(kit["sent_from"]))
    body = "\n\n".join(blocks)

    c = r.random()
    topic = _cap(r.choice(spec["topic"]))
    if c < 0.4:
        subj = topic
    elif c < 0.55:
        subj = f"{topic} – {r.choice(kit['order_ref']).format_map(slots).rstrip('.')}"
    elif c < 0.85:
        subj = r.choice(kit["generic_subject"])
    elif c < 0.92:
        subj = topic.lower() + "!!"
    else:
        subj = ""

    if r.random() < 0.15:  # reply on an earlier thread with quoted history
        case_subj = r.choice(kit["case_subject"]).format(case=r.randrange(100000, 999999))
        subj = r.choice(kit["reply_prefix"]) + case_subj
        when = created - timedelta(days=r.randrange(1, 6), minutes=r.randrange(0, 600))
        header, prefix = _quote_header(r, lang, when, person["email"], case_subj, row)
        reply = r.choice(kit["agent_reply"]).format(first=person["first"])
        if prefix:
            reply = "\n".join("> " + ln if ln else ">" for ln in reply.split("\n"))
        body = f"{body}\n\n{header}\n\n{reply}"
    return subj, body


def _chat(r, lang, reason, slots, row, person, created, u) -> tuple[str, str]:
    kit = KIT[lang]
    n_ctx = r.choice((0, 0, 0, 1))
    parts = _message(r, lang, reason, slots, row, person, n_ctx, 0.12, u < 0.03)
    text = " ".join(parts)
    if r.random() < 0.4:
        text = text[0].lower() + text[1:]
    if r.random() < 0.3:
        text = text.rstrip(".!")
    if r.random() < 0.5:
        text = add_typos(r, text, 0.06)
    greet = r.choice(kit["chat_greet"])
    subj = r.choice([f"Chat med {person['first']}" if lang != "en" else f"Chat with {person['first']}", "", "Chat"])
    if r.random() < 0.45:  # transcript format
        t0 = created
        lines = []
        t = t0
        if greet:
            lines.append(f"({t:%H:%M:%S}) {person['first']}: {greet}")
            t += timedelta(seconds=r.randrange(5, 40))
        if r.random() < 0.5:
            lines.append(f"({t:%H:%M:%S}) {r.choice(kit['chat_agent'])}")
            t += timedelta(seconds=r.randrange(10, 90))
        for s in (text,):
            lines.append(f"({t:%H:%M:%S}) {person['first']}: {s}")
        return subj, "\n".join(lines)
    body = f"{greet} {text}".strip() if greet and r.random() < 0.5 else text
    return subj, body


def _phone(r, lang, reason, slots, row, person, created, u) -> tuple[str, str]:
    kit = KIT[lang]
    topic = r.choice(REASONS[reason][lang]["topic"])
    tpl = r.choice(kit["phone_tpl"])
    note = tpl.format(
        topic=topic,
        ref=r.choice(kit["phone_ref"]).format_map(slots),
        action=r.choice(kit["proc_action"][REASONS[reason]["process"]] if r.random() < 0.6 else kit["phone_action"]),
        hm=created.strftime("%H:%M"),
    )
    note = " ".join(note.split())
    note = _cap(note)
    if r.random() < 0.15:
        note += " " + r.choice(PHONE_NOTE_CALLBACK[lang]).format(phone=make_phone(r, lang))
        row.pii.append("PHONE")
    if r.random() < 0.06:
        nat = r.choice(NATID_BY_LANG[lang])
        maker = {
            "PERSONNUMMER": make_personnummer,
            "SAMORDNING": lambda rr: make_personnummer(rr, samordning=True),
            "CPR": make_cpr,
            "FODSELSNUMMER": make_fodselsnummer,
            "DNUMMER": lambda rr: make_fodselsnummer(rr, d_number=True),
        }[nat]
        note += f" {PHONE_NOTE_ID_LABEL[nat]} {maker(r)}."
        row.pii.append(PII_GOLD[nat])
    if r.random() < 0.3:
        note = add_typos(r, note, 0.05)
    subj = r.choice(kit["phone_subject"]).format(topic=topic)
    return subj, note


def _webform(r, lang, reason, slots, row, person, created, u) -> tuple[str, str]:
    kit = KIT[lang]
    n_ctx = r.choice((0, 1, 1, 2))
    parts = _message(r, lang, reason, slots, row, person, n_ctx, 0.15, u < 0.03)
    if r.random() < 0.4:
        parts.append(r.choice(kit["ask"]))
    msg = " ".join(parts)
    if r.random() < 0.3:
        msg = add_typos(r, msg, 0.04)
    proc = REASONS[reason]["process"]
    cat = kit["categories"][proc if r.random() < 0.7 else "other"]
    lab = kit["form_labels"]
    fields = [(lab[0], f"{person['first']} {person['last']}"), (lab[1], person["email"])]
    row.pii.append("EMAIL")
    if r.random() < 0.5:
        fields.append((lab[2], make_phone(r, lang)))
        row.pii.append("PHONE")
    if r.random() < 0.5:
        fields.append((lab[3], slots["order"]))
    fields.append((lab[5], cat))
    html = r.random() < 0.65
    if html:
        head = "<br>\n".join(f"<b>{k}:</b> {v}" if r.random() < 0.3 else f"{k}: {v}" for k, v in fields)
        if len(parts) > 2 and r.random() < 0.5:
            paras = "".join(f"<p>{p}</p>" for p in (" ".join(parts[:2]), " ".join(parts[2:])))
        else:
            paras = f"<p>{msg}</p>"
        body = f"{head}<br>\n{lab[4]}:<br>\n{paras}"
        if r.random() < 0.2:
            body = f"<html><body>{body}</body></html>"
    else:
        head = "\n".join(f"{k}: {v}" for k, v in fields)
        body = f"{head}\n{lab[4]}:\n{msg}"
    subj = kit["form_subject"].format(cat=cat)
    return subj, body


_BUILDERS = {"email": _email, "chat": _chat, "phone": _phone, "webform": _webform}


def _queue(r: random.Random, lang: str, process: str) -> str:
    market = KIT[lang]["market"]
    if market == "INT" and r.random() < 0.5:
        market = r.choice(["SE", "DK", "NO"])
    c = r.random()
    if c < 0.5:
        return f"{market} General"
    if c < 0.9:
        return f"{market} {QUEUE_DEPT[process]}"
    return f"{market} {r.choice(list(QUEUE_DEPT.values()))}"

# --------------------------------------------------------------------------------------------
# Customers and repeat contacts (a separate random stream: every other column stays as it is)
# --------------------------------------------------------------------------------------------
# After a failure contact, what the same customer comes back about (progress chasing): the
# same reason again, or the failure that follows from it ("refund not received" after
# "damaged goods"). Value contacts that can turn into failure demand are listed too.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "parcel_late": ("parcel_late", "parcel_late", "complaint_no_response"),
    "wrong_item": ("wrong_item", "refund_not_received"),
    "damaged_goods": ("damaged_goods", "refund_not_received"),
    "missing_item": ("missing_item", "refund_not_received"),
    "invoice_wrong_amount": ("invoice_wrong_amount", "complaint_no_response"),
    "charged_twice": ("charged_twice", "refund_not_received"),
    "refund_not_received": ("refund_not_received", "refund_not_received", "complaint_no_response"),
    "login_after_reset": ("login_after_reset",),
    "unclear_instructions": ("unclear_instructions",),
    "promo_code_not_working": ("promo_code_not_working", "invoice_wrong_amount"),
    "order_confirmation_missing": ("order_confirmation_missing", "parcel_late"),
    "subscription_charged_after_cancel": ("subscription_charged_after_cancel", "refund_not_received"),
    "complaint_no_response": ("complaint_no_response",),
    "cancel_subscription": ("subscription_charged_after_cancel",),
    "return_request": ("refund_not_received",),
}
CHASE_P = 0.22  # chance that a failure contact is followed up about the same matter
VALUE_CHASE_P = 0.04  # ... a value contact (a cancellation that still gets charged)
OTHER_MATTER_P = 0.05  # chance that a customer comes back later about something unrelated


def customer_ids(export: pd.DataFrame, gold: pd.DataFrame, seed: int) -> tuple[list[str], list[str]]:
    """Customer id per ticket and, per ticket, the earlier ticket of the same matter ("" if none).

    Chains are drawn on the existing tickets (nothing else changes): after a contact, the same
    customer writes again about the same matter with probability ``CHASE_P`` (failure) or
    ``VALUE_CHASE_P`` (value), after a log-normal gap (median 4 days, about 5 % beyond 14),
    in the same language; the later ticket is the one of the follow-up reason nearest that
    gap. A chased ticket can be chased again. Separately, ``OTHER_MATTER_P`` of customers
    come back 1-60 days later about an unrelated reason (a repeat, not the same matter).
    Auto-replies get no customer. Uses its own random stream, so the other columns are
    byte-identical to a generator without customers.
    """
    rng = np.random.default_rng([seed, 0xC057])
    n = len(export)
    when = pd.to_datetime(export["created_at"]).to_numpy()
    reason = gold["reason"].to_numpy()
    lang = gold["lang"].to_numpy()
    demand = gold["demand_type"].to_numpy()
    owner = np.full(n, -1)
    previous = np.full(n, -1)
    linked = np.zeros(n, dtype=bool)  # already the later ticket of a link
    by_group = pd.Series(np.arange(n)).groupby([lang, reason]).indices
    day = np.timedelta64(1, "D")
    customers = 0

    def nearest(candidates: np.ndarray, i: int, gap: float) -> int | None:
        candidates = candidates[(candidates > i) & ~linked[candidates]]
        if not len(candidates):
            return None
        miss = np.abs((when[candidates] - when[i]) / day - gap)
        return int(candidates[np.argmin(miss)]) if miss.min() <= 2.0 else None

    for i in range(n):
        if reason[i] == "auto_reply":
            continue
        if owner[i] < 0:
            owner[i], customers = customers, customers + 1
        p = CHASE_P if demand[i] == "failure" else VALUE_CHASE_P
        if reason[i] not in FOLLOW_UPS or rng.random() >= p:
            continue
        options = FOLLOW_UPS[reason[i]]
        target = options[rng.integers(len(options))]
        gap = float(np.clip(rng.lognormal(np.log(4.0), 0.8), 0.3, 30.0))
        j = nearest(by_group.get((lang[i], target), np.array([], dtype=int)), i, gap)
        if j is not None and owner[j] < 0:
            owner[j], previous[j], linked[j] = owner[i], i, True
    for i in np.flatnonzero(rng.random(n) < OTHER_MATTER_P):
        if reason[i] == "auto_reply":
            continue
        related = set(FOLLOW_UPS.get(reason[i], ())) | {reason[i], "auto_reply"}
        candidates = np.flatnonzero((lang == lang[i]) & ~np.isin(reason, sorted(related)))
        j = nearest(candidates, i, float(rng.uniform(1.0, 60.0)))
        if j is not None:
            owner[owner == owner[j]] = owner[i]  # the customer (and its chain) is i's
            linked[j] = True
    numbers = rng.choice(np.arange(1_000_000, 10_000_000), size=max(customers, 1), replace=False)
    ids = [f"KND-{numbers[o]}" if o >= 0 else "" for o in owner]
    ticket_ids = export["id"].to_numpy()
    repeat_of = [ticket_ids[k] if k >= 0 else "" for k in previous]
    return ids, repeat_of


def generate(n: int, seed: int, start: str = "2026-06-01", weeks: int = 12,
             customers: bool = True,
             week_effects: dict[str, dict[int, float]] | None = None,
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (export, gold) for ``n`` synthetic tickets; deterministic for a given seed.

    export columns: id, created_at (str 'YYYY-MM-DD HH:MM:SS'), channel, subject, body, queue,
                    customer_id (with ``customers``; see :func:`customer_ids`)
    gold columns:   id, reason, demand_type, failing_process, lang, pii, mixed_language,
                    repeat_of (with ``customers``: the earlier ticket of the same matter)
    """
    if n <= 0:
        raise ValueError("n must be positive")
    st = _structure(n, seed, start, weeks, week_effects)
    r = random.Random(seed * 1_000_003 + 17)

    created_py = st["created_at"].dt.to_pydatetime()
    reasons = [REASON_KEYS[i] for i in st["reason_i"].to_numpy()]
    langs = [LANGS[i] for i in st["lang_i"].to_numpy()]
    channels = [CHANNELS[i] for i in st["channel_i"].to_numpy()]
    us = st["u_fmt"].to_numpy()

    subjects, bodies, queues = [], [], []
    g_reason, g_demand, g_proc, g_pii, g_mixed = [], [], [], [], []
    for i in range(n):
        lang, reason, channel, created, u = langs[i], reasons[i], channels[i], created_py[i], us[i]
        row = _Row()
        first, last = r.choice(FIRST[lang]), r.choice(LAST[lang])
        person = {"first": first, "last": last}
        person["email"] = make_email(r, first, last, lang)
        slots = _slots(r, lang, created)
        kind = r.random()
        info = REASONS[reason]
        if channel == "email" and kind < 0.012:
            # auto-reply that landed in the support inbox: no contact reason
            kit = KIT[lang]
            ret = created + timedelta(days=r.randrange(3, 21))
            tpl = r.choice(kit["auto"])
            body = tpl.format(
                date=fmt_date(r, lang, ret), colleague=f"{r.choice(FIRST[lang])} på {make_phone(r, lang)}"
                if lang == "sv" else make_email(r, r.choice(FIRST[lang]), r.choice(LAST[lang]), lang))
            subj = r.choice(kit["auto_subject"]).format(subj=r.choice(kit["case_subject"]).format(case=r.randrange(100000, 999999)))
            if "{colleague}" in tpl:
                row.pii.append("PHONE" if lang == "sv" else "EMAIL")
            subjects.append(subj)
            bodies.append(body)
            queues.append(f"{kit['market']} General")
            g_reason.append("auto_reply")
            g_demand.append("none")
            g_proc.append("")
        else:
            subj, body = _BUILDERS[channel](r, lang, reason, slots, row, person, created, u)
            if channel in ("email", "webform") and kind > 0.995 and subj:
                body = ""  # empty body (attachment-only mails, broken forms); subject remains
                row.pii.clear()
            subjects.append(subj)
            bodies.append(body)
            queues.append(_queue(r, lang, info["process"]))
            g_reason.append(reason)
            g_demand.append(info["demand"])
            g_proc.append(info["process"])
        g_pii.append(";".join(sorted(set(row.pii))))
        g_mixed.append(row.mixed)

    export = pd.DataFrame(
        {
            "id": st["id"].to_numpy(),
            "created_at": st["created_at"].dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(),
            "channel": channels,
            "subject": subjects,
            "body": bodies,
            "queue": queues,
        }
    )
    gold = pd.DataFrame(
        {
            "id": st["id"].to_numpy(),
            "reason": g_reason,
            "demand_type": g_demand,
            "failing_process": g_proc,
            "lang": langs,
            "pii": g_pii,
            "mixed_language": g_mixed,
        }
    )
    if customers:
        export["customer_id"], gold["repeat_of"] = customer_ids(export, gold, seed)
    return export, gold


def write(export: pd.DataFrame, gold: pd.DataFrame, out: str | Path) -> tuple[Path, Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t, g = out / "tickets.csv", out / "gold.csv"
    export.to_csv(t, index=False, encoding="utf-8", lineterminator="\n")
    gold.to_csv(g, index=False, encoding="utf-8", lineterminator="\n")
    return t, g


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2400, help="number of tickets")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", default="2026-06-01", help="first day (aligned to its Monday)")
    ap.add_argument("--weeks", type=int, default=12)
    ap.add_argument("--out", default="data/sample", help="output folder")
    a = ap.parse_args(argv)
    export, gold = generate(a.n, a.seed, a.start, a.weeks)
    t, g = write(export, gold, a.out)
    print(f"wrote {len(export)} tickets to {t} and gold to {g}")


if __name__ == "__main__":
    main()
