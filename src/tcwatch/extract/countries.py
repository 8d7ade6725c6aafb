"""Country gazetteer: names, variants, demonyms and capitals -> ISO3.

The base is pycountry's names; hand-written variants cover what news writes
("U.S.", "Britain", "Kigali" as a government, "the east African country").
Matching is case-sensitive (country names are capitalised), which keeps
"turkey" or "chad" the common nouns out.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from tcwatch.model import Mention

# Names that are too ambiguous in English news to match on their own.
_SKIP_NAMES = {
    "Georgia", "Jordan", "Chad", "Jersey", "Guernsey", "Man", "Niger", "Dominica",
    "Réunion", "Holy See", "Mayotte", "Christmas Island", "Norfolk Island", "Åland Islands",
    "Saint Martin", "Bonaire, Sint Eustatius and Saba", "Heard Island and McDonald Islands",
    "United States Minor Outlying Islands", "Congo", "Guinea", "Timor-Leste",
}

# Hand-written variants -> ISO3 (names of states as written in news).
_VARIANTS: dict[str, str] = {
    "U.S.": "USA", "US": "USA", "U.S": "USA", "USA": "USA", "U.S.A.": "USA", "America": "USA",
    "United States": "USA", "United States of America": "USA", "the States": "USA",
    "UK": "GBR", "U.K.": "GBR", "Britain": "GBR", "Great Britain": "GBR", "United Kingdom": "GBR",
    "England": "GBR",
    "Kosovo": "XKX", "EU": "EUU", "E.U.": "EUU", "European Union": "EUU", "European Parliament": "EUU",
    "European Commission": "EUU", "EU Commission": "EUU",
    "Russia": "RUS", "Iran": "IRN", "Syria": "SYR", "Venezuela": "VEN", "Bolivia": "BOL",
    "Laos": "LAO", "Vietnam": "VNM", "South Korea": "KOR", "North Korea": "PRK", "Tanzania": "TZA",
    "Moldova": "MDA", "Taiwan": "TWN", "Palestine": "PSE", "Gaza": "PSE", "Czech Republic": "CZE",
    "Ivory Coast": "CIV", "DR Congo": "COD", "DRC": "COD", "Democratic Republic of Congo": "COD",
    "Democratic Republic of the Congo": "COD", "Republic of Congo": "COG", "Congo-Brazzaville": "COG",
    "Swaziland": "SWZ", "Eswatini": "SWZ", "eSwatini": "SWZ", "ESwatini": "SWZ", "Kingdom of Eswatini": "SWZ", "Burma": "MMR", "Myanmar": "MMR", "Turkey": "TUR",
    "Türkiye": "TUR", "Cape Verde": "CPV", "East Timor": "TLS", "Micronesia": "FSM",
    "Papua New Guinea": "PNG", "PNG": "PNG", "Manus Island": "PNG", "Manus": "PNG",
    "Port Moresby": "PNG", "Equatorial Guinea": "GNQ", "Guinea-Bissau": "GNB",
    "the Netherlands": "NLD", "Netherlands": "NLD", "Holland": "NLD", "Brunei": "BRN",
    "Vatican": "VAT", "Macedonia": "MKD", "North Macedonia": "MKD", "UAE": "ARE",
    "United Arab Emirates": "ARE", "Emirates": "ARE", "Sudan": "SDN", "South Sudan": "SSD",
    "Salvador": "SLV", "El Salvador": "SLV", "CECOT": "SLV", "Cecot": "SLV",
    "Saudi Arabia": "SAU", "Nauru": "NRU", "Bosnia": "BIH", "Slovakia": "SVK",
    "Costa Rica": "CRI", "New Zealand": "NZL", "Cambodia": "KHM", "Uganda": "UGA",
    "Ghana": "GHA", "Paraguay": "PRY", "Palau": "PLW", "Belize": "BLZ", "Honduras": "HND",
    "Guatemala": "GTM", "Panama": "PAN", "Mexico": "MEX", "Libya": "LBY", "Rwanda": "RWA",
    "Albania": "ALB", "Italy": "ITA", "Denmark": "DNK", "Austria": "AUT", "Germany": "DEU",
    "Israel": "ISR", "Australia": "AUS", "Canada": "CAN", "Greece": "GRC", "Tunisia": "TUN",
    "Egypt": "EGY", "Morocco": "MAR", "Cuba": "CUB", "Haiti": "HTI", "Jamaica": "JAM",
    "Guinea": "GIN", "Republic of Guinea": "GIN", "Congo": "COG",
}

# Capitals and seats of government, used as the government of their state.
_CAPITALS: dict[str, str] = {
    "London": "GBR", "Downing Street": "GBR", "No 10": "GBR", "No10": "GBR", "Whitehall": "GBR",
    "Westminster": "GBR", "Home Office": "GBR", "Washington": "USA", "White House": "USA",
    "Kigali": "RWA", "Rome": "ITA", "Tirana": "ALB", "Canberra": "AUS", "Copenhagen": "DNK",
    "Vienna": "AUT", "Berlin": "DEU", "Juba": "SSD", "Mbabane": "SWZ", "San Salvador": "SLV",
    "Kampala": "UGA", "Accra": "GHA", "Asunción": "PRY", "Tegucigalpa": "HND",
    "Guatemala City": "GTM", "Panama City": "PAN", "Mexico City": "MEX", "Tripoli": "LBY",
    "Wellington": "NZL", "Phnom Penh": "KHM", "Pristina": "XKX", "Brussels": "EUU",
    "The Hague": "NLD", "Trump administration": "USA", "Biden administration": "USA",
    "Folketing": "DNK", "Knesset": "ISR", "Bundestag": "DEU", "Tweede Kamer": "NLD",
    "State Department": "USA", "Pentagon": "USA", "Alien Enemies Act": "USA", "DHS": "USA", "ICE": "USA", "Jerusalem": "ISR", "Tel Aviv": "ISR", "Malabo": "GNQ", "Koror": "PLW",
    "San José": "CRI", "San Jose": "CRI", "Asuncion": "PRY", "Prishtina": "XKX", "Belmopan": "BLZ",
    "Department of Homeland Security": "USA", "Homeland Security": "USA", "Home Secretary": "GBR",
    "Palazzo Chigi": "ITA", "Viminale": "ITA", "Paris": "FRA", "Ottawa": "CAN",
    # capitals of the states people are sent on to ("flown on to Caracas")
    "Caracas": "VEN", "Bogotá": "COL", "Bogota": "COL", "Havana": "CUB", "Managua": "NIC", "Kingston": "JAM",
    "Port-au-Prince": "HTI", "Hanoi": "VNM", "Vientiane": "LAO", "Kabul": "AFG", "Baghdad": "IRQ", "Tehran": "IRN",
    "Damascus": "SYR", "Asmara": "ERI", "Khartoum": "SDN", "Lomé": "TGO", "Lome": "TGO", "Banjul": "GMB",
    "Abuja": "NGA", "Dhaka": "BGD", "Islamabad": "PAK", "Freetown": "SLE", "Monrovia": "LBR",
}

# Heads of government standing for their government ("Sunak's Rwanda plan").
_LEADERS: dict[str, str] = {
    "Trump": "USA", "Biden": "USA", "Rubio": "USA", "Noem": "USA", "Homan": "USA", "Sunak": "GBR", "Starmer": "GBR",
    "Braverman": "GBR", "Patel": "GBR", "Cleverly": "GBR", "Meloni": "ITA", "Albanese": "AUS", "Bukele": "SLV", "Kagame": "RWA",
    "Macron": "FRA", "Netanyahu": "ISR", "Frederiksen": "DNK", "Rama": "ALB", "Edi Rama": "ALB",
    "Mahama": "GHA", "Museveni": "UGA", "Kiir": "SSD", "Mswati": "SWZ", "Mulino": "PAN", "Arévalo": "GTM",
    "Schoof": "NLD", "Merz": "DEU", "Scholz": "DEU", "Nehammer": "AUT",
}

# Cities and sites where transferred people are held (places, not governments).
_PLACES: dict[str, str] = {
    "Auckland": "NZL", "Christchurch": "NZL", "Lorengau": "PNG", "Gjader": "ALB", "Gjadër": "ALB",
    "Shengjin": "ALB", "Shëngjin": "ALB", "Tecoluca": "SLV", "Darién": "PAN", "Darien": "PAN",
    "Bomana": "PNG", "Hope Hostel": "RWA", "Gashora": "RWA", "Ezulwini": "SWZ", "Matsapha": "SWZ",
    "Kotoka": "GHA", "Entebbe": "UGA", "CATEM": "CRI",
}

# Demonyms (adjective and plural noun forms).
_DEMONYMS: dict[str, str] = {
    "American": "USA", "British": "GBR", "English": "GBR", "Rwandan": "RWA", "Salvadoran": "SLV",
    "Salvadorean": "SLV", "Italian": "ITA", "Albanian": "ALB", "Australian": "AUS",
    "Nauruan": "NRU", "Papua New Guinean": "PNG", "Danish": "DNK", "Dane": "DNK",
    "Austrian": "AUT", "German": "DEU", "Dutch": "NLD", "Israeli": "ISR", "Ugandan": "UGA",
    "Ghanaian": "GHA", "Panamanian": "PAN", "Costa Rican": "CRI", "Mexican": "MEX",
    "Guatemalan": "GTM", "Honduran": "HND", "Paraguayan": "PRY", "Belizean": "BLZ",
    "Palauan": "PLW", "Kosovar": "XKX", "Kosovan": "XKX", "Libyan": "LBY", "Swazi": "SWZ",
    "Emaswati": "SWZ", "South Sudanese": "SSD", "Sudanese": "SDN", "Cambodian": "KHM",
    "New Zealander": "NZL", "Kiwi": "NZL", "Iraqi": "IRQ", "Iranian": "IRN", "Syrian": "SYR",
    "Afghan": "AFG", "Afghani": "AFG", "Eritrean": "ERI", "Ethiopian": "ETH", "Somali": "SOM",
    "Somalian": "SOM", "Venezuelan": "VEN", "Cuban": "CUB", "Haitian": "HTI", "Jamaican": "JAM",
    "Vietnamese": "VNM", "Laotian": "LAO", "Yemeni": "YEM", "Indian": "IND", "Sri Lankan": "LKA",
    "Tamil": "LKA", "Chinese": "CHN", "Pakistani": "PAK", "Bangladeshi": "BGD", "Nepali": "NPL",
    "Nepalese": "NPL", "Nigerian": "NGA", "Congolese": "COD", "Egyptian": "EGY",
    "Moroccan": "MAR", "Algerian": "DZA", "Tunisian": "TUN", "Palestinian": "PSE",
    "Turkish": "TUR", "Russian": "RUS", "Ukrainian": "UKR", "Colombian": "COL",
    "Nicaraguan": "NIC", "Ecuadorian": "ECU", "Peruvian": "PER", "Brazilian": "BRA",
    "French": "FRA", "Spanish": "ESP", "Greek": "GRC", "Kuwaiti": "KWT", "Burmese": "MMR",
    "Filipino": "PHL", "Gambian": "GMB", "Senegalese": "SEN", "Malian": "MLI",
    "Cameroonian": "CMR", "Guinean": "GIN", "Ivorian": "CIV", "Sierra Leonean": "SLE",
    "Liberian": "LBR", "Kenyan": "KEN", "Tanzanian": "TZA", "Zimbabwean": "ZWE",
    "Burundian": "BDI", "Chadian": "TCD", "Saudi": "SAU", "Lebanese": "LBN", "Jordanian": "JOR",
    "Uzbek": "UZB", "Tajik": "TJK", "Kazakh": "KAZ", "Georgian": "GEO", "Armenian": "ARM",
    "Azerbaijani": "AZE", "Mauritanian": "MRT", "Dominican": "DOM", "Bhutanese": "BTN",
    "Canadian": "CAN", "Polish": "POL", "Romanian": "ROU", "Belgian": "BEL", "Swedish": "SWE",
    "Norwegian": "NOR", "Irish": "IRL", "Hungarian": "HUN", "Croatian": "HRV", "Serbian": "SRB",
    "Bosnian": "BIH", "Macedonian": "MKD", "Hazara": "AFG",
}
# Plural nouns of demonyms that always name people ("Venezuelans", "Afghans").
_PLURAL_ONLY_PEOPLE = {"Vietnamese", "Chinese", "Sudanese", "South Sudanese", "Congolese",
                       "Senegalese", "Nepalese", "Burmese", "Lebanese", "Bhutanese", "Swiss"}

# Descriptions of a receiving state (resolved against the document's receiver).
DESCRIPTIONS = re.compile(
    r"\b(?:the|a|an)\s+(?:small\s+|tiny\s+|landlocked\s+|central\s+)?"
    r"(?:east[- ]african|east[- ]central african|African|Pacific|Central American|Latin American|Balkan|southern African|Pacific island)\s+"
    r"(?:country|nation|state|island nation|island|republic|kingdom|ally)\b|"
    # a kingdom or an island nation needs no region: no sender is called so in this news
    r"\bthe\s+(?:small\s+|tiny\s+|mountain\s+|landlocked\s+)?(?:kingdom|island\s+nation)\b(?!\s+of\b)",
    re.IGNORECASE,
)

_GOV_AFTER = re.compile(
    r"\s*(?:’s|'s)?\s*(?:government|govt|authorities|officials|ministers?|minister|"
    r"prime minister|president|foreign minister|home secretary|parliament|congress|"
    r"administration|embassy|leaders?|state|courts?|supreme court|high court|judges?|"
    r"spokes(?:wo)?man|spokesperson|MPs|lawmakers|opposition|counterpart|ministry|officials)\b",
    re.IGNORECASE,
)
_PEOPLE_AFTER = re.compile(
    r"\s*(?:[a-z-]+\s+){0,2}?(?:refugees?|migrants?|asylum[- ]seekers?|nationals?|citizens?|"
    r"men|man|women|woman|deportees?|detainees?|people|prisoners?|families|family|"
    r"children|boys?|girls?|immigrants?|gang members?|teenagers?|journalist|national|criminals?|"
    r"convicts?|offenders?|suspects?|inmates?|workers?|students?|deportation|returnees?)\b"
    # "Albanian migrant centres": the people noun names what the place holds, the demonym the place
    r"(?!\s+(?:centres?|centers?|camps?|facilit\w+|hubs?|prisons?|jails?|deals?|scheme|plan|policy|pact|protocol))",
)


# "the men, from Vietnam, ...", "16 men from Bangladesh and Egypt": the countries the people come from
_FROM_PEOPLE = re.compile(
    r"\b(?:men|women|people|migrants|deportees|detainees|refugees|asylum[- ]seekers|nationals|individuals|prisoners|"
    r"immigrants|man|woman|deportee|migrant|refugee),?\s+(?:who\s+(?:are|were|is|was)\s+)?(?:originally\s+)?from\s+(?:the\s+)?$"
)
_LIST_GAP = re.compile(r",\s+(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?|\s+or\s+(?:the\s+)?")
# states that deport to third countries or receive from them: "deportees from the US" were sent by
# it, "men from Nauru" were held there; neither is where the people come from
# states that take people from others under such deals (their courts' cities name them)
_RECEIVING = frozenset({"RWA", "SLV", "SWZ", "SSD", "GHA", "GNQ", "GTM", "HND", "PAN", "CRI", "PRY", "XKX", "UGA", "BLZ",
                        "PLW", "NRU", "PNG", "KHM", "ALB", "SRB", "MKD", "BIH"})
_SENDING_STATES = frozenset({"USA", "GBR", "AUS", "ITA", "DNK", "ISR", "NLD", "DEU", "AUT", "EUU",
                             "RWA", "SLV", "SWZ", "SSD", "GHA", "GNQ", "GTM", "HND", "PAN", "CRI", "PRY", "XKX",
                             "UGA", "BLZ", "PLW", "LBY", "NRU", "PNG", "KHM", "NZL", "ALB"})


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    table: dict[str, tuple[str, str]] = {}  # surface -> (iso3, kind)
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(c, attr, None)
            if name and name not in _SKIP_NAMES and "," not in name and "(" not in name:
                table[name] = (c.alpha_3, "name")
    for k, v in _VARIANTS.items():
        table[k] = (v, "name")
    for k, v in _CAPITALS.items():
        table[k] = (v, "capital")
    for k, v in _PLACES.items():
        table[k] = (v, "site")
    for k, v in _LEADERS.items():
        table[k] = (v, "capital")
    for k, v in _DEMONYMS.items():
        table[k] = (v, "demonym")
        if k not in _PLURAL_ONLY_PEOPLE and not k.endswith(("ese", "ish", "ch", "Swazi")):
            table[k + "s"] = (v, "plural")
    for k in _PLURAL_ONLY_PEOPLE:
        if k in table:
            table[k] = (table[k][0], "demonym")
    # one trie-shaped alternation: far faster than hundreds of alternatives side by side
    pattern = re.compile(r"(?<![\w.$])(?:%s)(?![\w$])" % _trie_pattern(table))
    return pattern, table


def _trie_pattern(words) -> str:
    """A regex matching any of ``words``, longest first, with shared prefixes factored out."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


def find_countries(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Country mentions in ``text[start:end]`` with a role: government, nationality or place."""
    pattern, table = _tables()
    end = len(text) if end is None else end
    out: list[Mention] = []
    for m in pattern.finditer(text, start, end):
        surface = m.group(0)
        iso, kind = table[surface]
        if surface in ("US", "U.S") and text[m.end() : m.end() + 1] == "$":
            continue
        if kind == "capital" and iso not in _RECEIVING and text[max(0, m.start() - 9) : m.start()].lower().endswith(("court in ", "court of ")):
            continue  # "the High Court in London" names a court, not a government ("a court in Kampala" is Uganda's)
        if text[m.end() : m.end() + 6] in ("-style", "-type ") or text[m.end() : m.end() + 5] == "-like":
            continue  # "a Rwanda-style deal" is modelled on it, not with it
        if kind in ("demonym", "plural") and text[max(0, m.start() - 4) : m.start()].lower().endswith("non-"):
            continue  # "non-Guatemalan migrants" are of any nationality but that one
        if surface == "England" and text[m.start() - 8 : m.start()].lower().endswith("bank of "):
            continue
        after = text[m.end() : m.end() + 40]
        if kind == "plural":
            role = "nationality"
        elif kind == "demonym":
            if _PEOPLE_AFTER.match(after) and not _GOV_AFTER.match(after):
                role = "nationality"
            else:
                role = "government"
        elif kind == "name" and re.search(r"\b(?:fled|fleeing|flee|escaped|escaping|native\s+of|citizens?\s+of|nationals?\s+of)\s+(?:from\s+)?$",
                                          text[max(0, m.start() - 20) : m.start()]):
            role = "nationality"  # "who fled Iran": where the people are from
        elif kind == "name" and iso not in _SENDING_STATES and (
                _FROM_PEOPLE.search(text, max(0, m.start() - 40), m.start())
                or (out and out[-1].role == "nationality" and _LIST_GAP.fullmatch(text, out[-1].end, m.start()))):
            role = "nationality"  # "five men from Vietnam, Laos and Cuba": where the people are from
        elif kind == "capital":
            role = "government"
        elif kind == "site":
            role = "place"
        else:
            role = "government" if _GOV_AFTER.match(after) else "place"
        out.append(Mention("country", surface, m.start(), m.end(), iso, role))
    return out


def country_code(name: str) -> str | None:
    """ISO3 of a name, variant, capital or demonym (exact surface form), else None."""
    _, table = _tables()
    hit = table.get(name.strip())
    if hit:
        return hit[0]
    try:
        return pycountry.countries.lookup(name.strip()).alpha_3
    except LookupError:
        return None
