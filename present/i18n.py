"""Every label the user reads, in one catalogue (Dutch first, English second), and number formats.

Names in code are English; what users read is Dutch by default. Numbers follow the language's
conventions through Babel (Dutch: 1.417 and 70,4 %).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_day_names, get_month_names
from babel.lists import format_list
from babel.numbers import format_decimal

LANGUAGES: dict[str, str] = {"nl": "Nederlands", "en": "English"}
_BABEL = {"nl": "nl_BE", "en": "en_GB"}
# Vega's locale names (d3-format / d3-time-format) for charts and chart downloads.
VEGA_LOCALE = {"nl": "nl-NL", "en": "en-GB"}

REGION_NAMES = {
    "VL": ("Vlaanderen", "Flanders"),
    "ANT": ("Antwerpen", "Antwerp"),
    "LIM": ("Limburg", "Limburg"),
    "OVL": ("Oost-Vlaanderen", "East Flanders"),
    "VBR": ("Vlaams-Brabant", "Flemish Brabant"),
    "WVL": ("West-Vlaanderen", "West Flanders"),
    "BRU": ("Brussel", "Brussels"),
}
MODULE_NAMES = {
    "crisishulp_aan_huis": ("Crisishulp aan huis", "Crisis help at home"),
    "crisisbegeleiding": ("Crisisbegeleiding", "Crisis guidance"),
    "crisisinterventie": ("Crisisinterventie", "Crisis intervention"),
    "crisisverblijf": ("Crisisverblijf", "Crisis stay"),
    "crisispleegzorg": ("Crisispleegzorg", "Crisis foster care"),
}
AGE_NAMES = {b: (f"{b} jaar", f"{b} years") for b in ("0-5", "6-11", "12-14", "15-17", "18+")}
# The fixed module groups a view may choose (data.schema.MODULE_GROUPS), and "all".
MODULE_CHOICE_NAMES = {
    "": ("Alle modules", "All modules"),
    "ambulant": ("Ambulante modules", "Ambulatory modules"),
    "residentieel": ("Residentiële modules", "Residential modules"),
    **MODULE_NAMES,
}
# What a group holds, where there is room to say it (captions, downloads, the report).
MODULE_GROUP_DETAIL = {
    "ambulant": (
        "Ambulante modules (crisishulp aan huis, crisisbegeleiding, crisisinterventie)",
        "Ambulatory modules (crisis help at home, crisis guidance, crisis intervention)",
    ),
    "residentieel": (
        "Residentiële modules (crisisverblijf, crisispleegzorg)",
        "Residential modules (crisis stay, crisis foster care)",
    ),
}
AGE_CHOICE_NAMES = {"": ("Alle leeftijden", "All ages"), **AGE_NAMES}
DESTINATION_NAMES = {
    "contextbegeleiding": ("Contextbegeleiding", "Family-context guidance"),
    "verblijf": ("Verblijf", "Residential care"),
    "pleegzorg": ("Pleegzorg", "Foster care"),
    "dagbegeleiding": ("Dagbegeleiding", "Day guidance"),
    "ooc": ("OOC (observatie en oriëntatie)", "Observation and orientation centre"),
    "ggz": ("Geestelijke gezondheidszorg (GGZ)", "Mental health care"),
    "caw": ("Algemeen welzijnswerk (CAW)", "General welfare (CAW)"),
    "vaph": ("Personen met een handicap (VAPH)", "Disability care (VAPH)"),
    "clb": ("Leerlingenbegeleiding (CLB)", "Pupil guidance (CLB)"),
    "eerstelijn": ("Eerstelijnszorg", "Primary care"),
    "andere": ("Andere", "Other"),
}

LABELS: dict[str, tuple[str, str]] = {
    # app and sidebar
    "app_title": ("Crisishulp jeugdhulp Vlaanderen", "Youth-care crisis help, Flanders"),
    "filters": ("Filters", "Filters"),
    "regions": ("IROJ-regio's", "IROJ regions"),
    "regions_help": (
        "Geen keuze = heel Vlaanderen. Gekozen regio's worden naast Vlaanderen getoond.",
        "No choice = all of Flanders. Chosen regions are shown beside Flanders.",
    ),
    "period": ("Periode (jaren)", "Period (years)"),
    "modules": ("Crisismodules", "Crisis modules"),
    "choose": ("Kies een waarde", "Choose a value"),
    "modules_help": (
        "Alle modules, één module of een vaste groep: ambulant (crisishulp aan huis,"
        " crisisbegeleiding, crisisinterventie) of residentieel (crisisverblijf, crisispleegzorg)."
        " Vrije combinaties van modules kunnen niet: samen zouden ze kleine aantallen prijsgeven.",
        "All modules, one module or a fixed group: ambulatory (crisis help at home, crisis"
        " guidance, crisis intervention) or residential (crisis stay, crisis foster care). Free"
        " combinations of modules are not offered: together they would give small counts away.",
    ),
    "age_bands": ("Leeftijd", "Age"),
    "age_help": (
        "Alle leeftijden of één leeftijdsgroep (om dezelfde reden als bij de modules).",
        "All ages or one age band (for the same reason as the modules).",
    ),
    "language": ("Taal", "Language"),
    "bad_url": (
        "De link bevatte waarden die niet bestaan of niet samen gekozen kunnen worden ({values});"
        " die filters staan op hun standaard.",
        "The link held values that do not exist or cannot be chosen together ({values}); those"
        " filters are at their default.",
    ),
    "synthetic_banner": (
        "Synthetische gegevens: dit dashboard toont gegenereerde voorbeeldgegevens die de gepubliceerde "
        "cijfers (schriftelijke vraag nr. 712) nabootsen, geen echte trajecten.",
        "Synthetic data: this dashboard shows generated sample data that mimics the published figures "
        "(written parliamentary question no. 712), not real trajectories.",
    ),
    "synthetic_mark": ("synthetische gegevens", "synthetic data"),
    "mode_public": (
        "Publieke cijfers: afgerond op 5 (hooguit 4 ernaast), een aantal van 1 tot 9 staat als '<10',"
        " een 0 is een echte 0, percentages pas vanaf 20; een periode van meer jaren telt de afgeronde"
        " jaren op. Zo is geen kind herkenbaar, welke weergaven je ook combineert.",
        "Public figures: rounded to 5 (at most 4 off), a count of 1 to 9 reads '<10', a 0 is a true 0,"
        " percentages only from 20 up; a period of several years adds up the rounded years. No child"
        " can be singled out, whatever views are combined.",
    ),
    "mode_exact": (
        "Exacte cijfers voor aangemelde medewerkers op de toegangslijst: niet afgerond. Aantallen van"
        " 1 tot 9 zijn kleine aantallen: niet publiceren.",
        "Exact figures for logged-in staff on the access list: not rounded. Counts of 1 to 9 are small"
        " counts: do not publish.",
    ),
    "ptable_default": (
        "De afronding gebruikt de openbare standaardsleutel: alleen geschikt voor de synthetische"
        " gegevens. Zet DASHBOARD_PTABLE_SECRET voor echte gegevens.",
        "The rounding uses the public default key: fit for the synthetic data only. Set"
        " DASHBOARD_PTABLE_SECRET for real data.",
    ),
    "data_version": ("Gegevensversie", "Data version"),
    "hidden_note": (
        "Ontbrekende punten of balken steunen op te weinig kinderen (minder dan 10, of een percentage "
        "op minder dan 20) en worden niet getoond, zodat niemand herkenbaar is.",
        "Missing points or bars rest on too few children (fewer than 10, or a percentage of fewer "
        "than 20) and are not shown, so that nobody can be recognised.",
    ),
    "show_table": ("Tabel bij de grafiek", "Table for this chart"),
    "download_csv": ("CSV", "CSV"),
    "download_xlsx": ("Excel", "Excel"),
    "download_png": ("PNG", "PNG"),
    "download_svg": ("SVG", "SVG"),
    "no_data": (
        "Geen gegevens voor deze selectie.",
        "No data for this selection.",
    ),
    "data_missing": (
        "Het gegevensbestand ontbreekt: {path}. Start het dashboard met `make run` (bouwt de "
        "synthetische standaardgegevens) of lees een export in met `python -m data ingest MAP`.",
        "The data file is missing: {path}. Start the dashboard with `make run` (builds the synthetic "
        "default) or load an export with `python -m data ingest FOLDER`.",
    ),
    # The data file's problems (ui/data.py DATA_FILE_PROBLEMS): what is wrong, then the fix. The
    # technical message goes to the server log only. {fix} is data_fix below.
    "data_fix": (
        "Lees de laatste export opnieuw in met `python -m data ingest MAP --out {path}` (voor de "
        "synthetische standaardgegevens: `python -m data build --out {path}`) en herlaad deze pagina; "
        "het dashboard hoeft daarvoor niet te herstarten.",
        "Load the latest export again with `python -m data ingest FOLDER --out {path}` (for the "
        "synthetic default: `python -m data build --out {path}`) and reload this page; the dashboard "
        "does not need a restart.",
    ),
    "data_empty": (
        "Het gegevensbestand {path} is leeg (0 bytes): een kopie of inlezing is niet afgemaakt. {fix}",
        "The data file {path} is empty (0 bytes): a copy or load did not finish. {fix}",
    ),
    "data_corrupt": (
        "Het gegevensbestand {path} is beschadigd of onvolledig: het is geen leesbaar DuckDB-bestand "
        "(bijvoorbeeld een afgebroken kopie). {fix}",
        "The data file {path} is damaged or incomplete: it is not a readable DuckDB file (for example "
        "a copy that was cut short). {fix}",
    ),
    "data_locked": (
        "Het gegevensbestand {path} is vergrendeld: een ander programma{holder} heeft het geopend om "
        "erin te schrijven, en zolang dat zo is kan het dashboard het niet lezen. Sluit dat programma "
        "(bijvoorbeeld een DuckDB-sessie of script op dit bestand) en herlaad deze pagina. Nieuwe "
        "gegevens lees je in met `python -m data ingest`: dat vergrendelt het bestand nooit.",
        "The data file {path} is locked: another program{holder} has it open for writing, and while it "
        "does the dashboard cannot read it. Close that program (for example a DuckDB session or script "
        "on this file) and reload this page. Load new data with `python -m data ingest`: it never "
        "locks the file.",
    ),
    "data_not_a_file": (
        "{path} is geen bestand maar een map (of iets anders). Laat DASHBOARD_DB naar het "
        ".duckdb-bestand zelf wijzen en herstart het dashboard.",
        "{path} is not a file but a folder (or something else). Point DASHBOARD_DB at the .duckdb "
        "file itself and restart the dashboard.",
    ),
    "data_no_permission": (
        "Het dashboard mag het gegevensbestand {path} niet lezen (toegang geweigerd). Geef de "
        "gebruiker waaronder de server draait leesrechten op het bestand en zijn map, en herlaad "
        "deze pagina.",
        "The dashboard may not read the data file {path} (permission denied). Give the user the "
        "server runs as read access to the file and its folder, and reload this page.",
    ),
    "data_wrong_content": (
        "{path} is een DuckDB-bestand, maar geen gegevensbestand van dit dashboard: tabellen of "
        "kolommen van het gegevenscontract ontbreken. Controleer of DASHBOARD_DB naar het juiste "
        "bestand wijst. {fix}",
        "{path} is a DuckDB file, but not a data file of this dashboard: tables or columns of the "
        "data contract are missing. Check that DASHBOARD_DB names the right file. {fix}",
    ),
    "data_unreadable": (
        "Het gegevensbestand {path} kan niet gelezen worden; de technische melding staat in het "
        "logboek van de server. {fix}",
        "The data file {path} cannot be read; the technical message is in the server log. {fix}",
    ),
    "corona": ("coronamaatregelen", "corona measures"),
    "extra_modules": ("extra crisismodules (1/3/2020)", "extra crisis modules (1/3/2020)"),
    "flanders": ("Vlaanderen", "Flanders"),
    "area": ("Gebied", "Area"),
    "year": ("Jaar", "Year"),
    "month": ("Maand", "Month"),
    "weekday": ("Weekdag", "Weekday"),
    "module": ("Module", "Module"),
    "source": ("Bron", "Source"),
    "scope": ("Telt", "Counts"),
    "unit": ("Eenheid", "Unit"),
    "filters_ignored": ("Filters die niet gelden", "Filters that do not apply"),
    "queries_title": (
        "Technische definities: de benoemde queries",
        "Technical definitions: the named queries",
    ),
    # pages
    "page_overview": ("Overzicht", "Overview"),
    "page_seasons": ("Seizoenen", "Seasons"),
    "page_extensions": ("Verlengingen en duur", "Extensions and duration"),
    "page_referrals": ("Doorverwijzingen", "Referrals"),
    "page_timely": ("Tijdige start", "Timely start"),
    "page_residential": ("Verblijf na corona", "Residential stay after corona"),
    "page_definitions": ("Definities en bronnen", "Definitions and sources"),
    # page texts
    "days": ("dagen", "days"),
    "children": ("kinderen", "children"),
    "count": ("aantal", "count"),
    "share_closed": ("% van de afgesloten trajecten", "% of closed trajectories"),
    "months_since_home": ("maanden sinds naar huis", "months since going home"),
    "months": ("maanden", "months"),
    "percent": ("percent", "percent"),
    "pct_back": ("% terug in verblijf", "% back in residential care"),
    "index_axis": ("index (1 = gemiddelde maand)", "index (1 = average month)"),
    "tiles_year": (
        "Kerncijfers {year}, met het verschil tegenover {prev}",
        "Key figures {year}, with the change against {prev}",
    ),
    "tiles_period": ("Over de periode {period}", "Over the period {period}"),
    "covid_out_of_period": (
        "Het cohort dat tijdens de coronamaatregelen naar huis ging (maart 2020 tot eind 2021), valt"
        " buiten de gekozen periode {period}. Kies een periode met 2020 of 2021 om het te zien; de"
        " wachtlijst, de bezetting en de verblijven hieronder volgen de gekozen periode wel.",
        "The cohort that went home during the corona measures (March 2020 to the end of 2021) lies"
        " outside the chosen period {period}. Choose a period with 2020 or 2021 to see it; the waiting"
        " list, occupancy and stays below do follow the chosen period.",
    ),
    # The referral Sankey's tooltips (present/charts.sankey).
    "trajectories": ("Trajecten", "Trajectories"),
    "from": ("Van", "From"),
    "to": ("Naar", "To"),
    # What a tile says under its value (present/notes.py).
    "note_of": ("{part} van {whole}", "{part} of {whole}"),
    "note_no_data": ("Geen gegevens in de gekozen periode.", "No data in the chosen period."),
    "note_no_records": ("Geen trajecten om te tellen.", "No trajectories to count."),
    "note_small_count": (
        "Minder dan {k}: niet getoond, zodat niemand herkenbaar is.",
        "Fewer than {k}: not shown, so that nobody can be recognised.",
    ),
    "note_pct_small_total": (
        "percentage niet getoond: minder dan {n} in totaal",
        "percentage not shown: fewer than {n} in total",
    ),
    "note_pct_small_part": (
        "percentage niet getoond: minder dan {k} in de telling",
        "percentage not shown: fewer than {k} counted",
    ),
    "note_stat_small": (
        "Niet getoond: berekend op minder dan {n} ({support}).",
        "Not shown: based on fewer than {n} ({support}).",
    ),
    "note_exact_only": (
        "Alleen in de exacte cijfers (voor aangemelde medewerkers).",
        "Only in the exact figures (for signed-in staff).",
    ),
    "note_ignores_one": (
        "De filter {filters} geldt niet voor dit cijfer.",
        "The {filters} filter does not apply to this figure.",
    ),
    "note_ignores_many": (
        "De filters {filters} gelden niet voor dit cijfer.",
        "The {filters} filters do not apply to this figure.",
    ),
    "note_scope": ("Telt altijd: {scope}.", "Always counts: {scope}."),
    "not_additive": (
        "Doorverwijzingen binnen en buiten Opgroeien mogen niet worden opgeteld: één gezin kan beide krijgen.",
        "Referrals inside and outside Opgroeien cannot be added: one family can receive both.",
    ),
    "registrations": ("aanmeldingen", "registrations"),
    "quiet_sentence": (
        "Rustigste maanden in {area}: **{quiet}**. Drukste maanden: **{busy}**.",
        "Quietest months in {area}: **{quiet}**. Busiest months: **{busy}**.",
    ),
    "norm_28": ("norm 28 dagen", "28-day norm"),
    "limit_42": ("grens 6 weken", "6-week limit"),
    "within_24h": ("binnen 24 uur", "within 24 hours"),
    "inside": ("binnen Opgroeien", "inside Opgroeien"),
    "outside": ("buiten Opgroeien", "outside Opgroeien"),
    "placement_advised": ("uithuisplaatsing geadviseerd", "placement advised"),
    "referred": ("doorverwezen", "referred"),
    "no_follow_up": ("geen vervolghulp", "no follow-up"),
    "minors": ("minderjarigen", "minors"),
    "context_support": ("contextbegeleiding thuis", "context support at home"),
    "with_support": ("met contextbegeleiding", "with context support"),
    "without_support": ("zonder contextbegeleiding", "without context support"),
    "waiting": ("wachtlijst", "waiting list"),
    "occupied": ("in verblijf", "in residential care"),
    "naar_huis_title": (
        "Verblijven die eindigen met terug naar huis: voor, tijdens en na corona",
        "Stays ending with a return home: before, during and after corona",
    ),
    "before": ("voor corona (2017-2019)", "before corona (2017-2019)"),
    "during": ("tijdens corona (2020-2021)", "during corona (2020-2021)"),
    "after": ("na corona (2022-)", "after corona (2022-)"),
    "share": ("aandeel (%)", "share (%)"),
    # --- the Definities page (pages/definities.py, present/sources.py) ---------------------------
    # Written for its readers (policy officers, IROJ meetings, sector federations): per dashboard
    # page each indicator in plain words, the caveats every figure shares, and the technical part
    # (named queries, columns, types) folded away for analysts.
    "defs_intro": (
        "Wat betekent elk cijfer van het dashboard? Hieronder staat per pagina elke indicator: wat ze"
        " telt, voor welke modules, in welke eenheid, uit welk registratiesysteem, welke gekozen"
        " filters er niet voor gelden en waar je op moet letten. De pagina's, de downloads, het"
        " regiorapport en de kerncijfers gebruiken dezelfde beschrijvingen.",
        "What does each figure of the dashboard mean? Below, page by page, is every indicator: what"
        " it counts, for which modules, in which unit, from which registration system, which chosen"
        " filters do not apply to it and what to watch out for. The pages, the downloads, the"
        " regional report and the key figures use the same descriptions.",
    ),
    "defs_general_title": ("Goed om te weten bij alle cijfers", "Good to know for every figure"),
    "defs_head_sources": ("Twee registratiesystemen.", "Two registration systems."),
    "defs_head_insisto_2017": (
        "Registratie in INSISTO gewijzigd in 2017.",
        "INSISTO registration changed in 2017.",
    ),
    "defs_insisto_2017": (
        "In 2017 veranderde de manier waarop in INSISTO geregistreerd wordt. Cijfers uit INSISTO van"
        " voor en na die overstap zijn daardoor niet volledig vergelijkbaar: lees een verschil rond"
        " die overgang niet zonder meer als een echte verandering.",
        "In 2017 the way INSISTO registers changed. INSISTO figures from before and after that"
        " switch are therefore not fully comparable: do not read a difference around the switch as"
        " a real change without further checks.",
    ),
    "defs_head_referrals": ("Doorverwijzingen niet optellen.", "Do not add referrals."),
    "defs_head_protection": (
        "Hoe de publieke cijfers beschermd zijn.",
        "How the public figures are protected.",
    ),
    "defs_protection": (
        "De publieke cijfers zijn licht aangepast, zodat geen kind of gezin herkenbaar is, ook niet"
        " als je verschillende weergaven naast elkaar legt. Elk aantal is afgerond op een veelvoud"
        " van 5: een getoond aantal van 15 of meer ligt hooguit 4 naast het echte, een getoonde 10"
        " staat voor 1 tot 14. Een 0 is een echte 0; een aantal van 1 tot 9 staat als '<10'. Een"
        " percentage wordt berekend uit de afgeronde aantallen en alleen getoond als"
        " het steunt op minstens 20 kinderen, gezinnen of trajecten; anders staat er '–' of ontbreekt"
        " het punt in de grafiek. Tel getoonde aantallen daarom niet zelf op tot een nieuw totaal:"
        " neem het getoonde totaal. Medewerkers op de toegangslijst kunnen na aanmelding de exacte"
        " cijfers zien; die zijn niet bestemd voor publicatie.",
        "The public figures are slightly adjusted so that no child or family can be recognised, not"
        " even by putting several views side by side. Every count is rounded to a multiple of 5: a"
        " count shown as 15 or more is at most 4 away from the true one, a 10 shown stands for 1 to"
        " 14. A 0 is a true 0; a count of 1 to 9 reads '<10'. A percentage is computed from the rounded counts and shown only when it rests on at least"
        " 20 children, families or trajectories; otherwise it reads '–' or the point is missing from"
        " the chart. So do not add shown counts into a new total yourself: take the total shown."
        " Staff on the access list can see the exact figures after logging in; those are not for"
        " publication.",
    ),
    "defs_head_synthetic": ("Wat 'synthetische gegevens' betekent.", "What 'synthetic data' means."),
    "defs_synthetic": (
        "Synthetische gegevens zijn door een computer aangemaakte voorbeeldgegevens: ze volgen de"
        " regels van de echte registraties, maar er zit geen enkel echt kind, gezin of traject in."
        " Ze bootsen de gepubliceerde cijfers voor heel Vlaanderen 2019–2021 na (het antwoord op"
        " schriftelijke vraag nr. 712); alle andere cijfers, zoals die van de regio's of van andere"
        " jaren, zijn niet echt. Gebruik ze om het dashboard te leren kennen, niet om te citeren of"
        " om beleid op te baseren. Zolang ze geladen zijn, zegt een melding bovenaan elke pagina het.",
        "Synthetic data are sample data made by a computer: they follow the rules of the real"
        " registrations, but hold not a single real child, family or trajectory. They mimic the"
        " published figures for all of Flanders 2019–2021 (the answer to written parliamentary"
        " question no. 712); all other figures, such as those of the regions or of other years, are"
        " not real. Use them to get to know the dashboard, not to cite or to base policy on. While"
        " they are loaded, a notice at the top of every page says so.",
    ),
    "defs_pages_title": ("Indicatoren per pagina", "Indicators per page"),
    "defs_jump": ("Ga naar", "Go to"),
    "defs_system_insisto": (
        "het registratiesysteem van de crisismeldpunten",
        "the crisis hotlines' registration system",
    ),
    "defs_system_binc": (
        "de registratie van de geboden jeugdhulp",
        "the registration of delivered youth care",
    ),
    "defs_all_filters_apply": ("geen: alle gekozen filters gelden", "none: every chosen filter applies"),
    "defs_other_title": ("Andere indicatoren", "Other indicators"),
    "defs_other_intro": (
        "Deze cijfers staan niet als tegel, grafiek of tabel op een pagina, maar wel in het"
        " regiorapport, de kerncijfers of als kolom in de downloads.",
        "These figures are not a tile, chart or table on a page, but appear in the regional report,"
        " the key figures or as a column in the downloads.",
    ),
    "defs_technical": ("Technische details (voor analisten)", "Technical details (for analysts)"),
    "defs_technical_intro": (
        "Waar de cijfers vandaan komen: per indicator de benoemde query en de kolom die het cijfer"
        " bevat, en per query de korrel (wat één rij is), de datum waarop de periode filtert en de"
        " kolommen. De beschrijvingen van de queries zelf staan in het Engels.",
        "Where the figures come from: per indicator the named query and the column holding the"
        " figure, and per query its grain (what one row is), the date the period filters on and the"
        " columns. The queries' own descriptions are in English.",
    ),
    "defs_purpose": ("Doel (Engelse tekst)", "Purpose"),
    "defs_notes": ("Opmerkingen (Engelse tekst)", "Notes"),
    "defs_column": ("Kolom", "Column"),
    "defs_type": ("Type", "Type"),
    "defs_meaning": ("Betekenis (Engelse tekst)", "Meaning"),
    "defs_table_title": ("Alle indicatoren", "All indicators"),
    "defs_table_caption": (
        "De hele catalogus als één tabel, met de query en kolom van elk cijfer en de pagina's waarop"
        " het staat: te downloaden als CSV of Excel.",
        "The whole catalogue as one table, with each figure's query and column and the pages that"
        " show it: to download as CSV or Excel.",
    ),
    "defs_shown_on": ("Getoond op", "Shown on"),
    "defs_no_page": ("regiorapport, kerncijfers of downloads", "regional report, key figures or downloads"),
    # --- end of the Definities page's labels -----------------------------------------------------
    "about_file": ("Over het gegevensbestand", "About the data file"),
    "built_at": ("Gebouwd op", "Built at"),
    "extract_date": ("Gegevens tot en met", "Data up to"),
    "synthetic_yes": ("synthetische standaardgegevens", "synthetic default"),
    "synthetic_no": ("ingelezen export", "ingested export"),
    "query": ("Query en kolom", "Query and column"),
    "definition": ("Definitie", "Definition"),
    "grain": ("Korrel (wat één rij is)", "Grain (what one row is)"),
    "period_on": ("Periode geteld op", "Period counted on"),
    "caveats": ("Kanttekeningen", "Caveats"),
    "cohort_back": ("Terug in verblijf", "Back in residential care"),
    "sources_text": (
        "**INSISTO** is het registratiesysteem van de crisismeldpunten (aanmeldingen, indicaties, opstart, "
        "verlengingen). **BINC** is de registratie van de geboden jeugdhulp (afsluiting, doelrealisatie, "
        "doorverwijzingen, niet-opgestarte hulp, verblijf). Cijfers van beide bronnen kunnen licht verschillen "
        "door verschillende registratiemomenten.",
        "**INSISTO** is the crisis hotlines' registration system (registrations, indications, starts, "
        "extensions). **BINC** is the registration of delivered youth care (closure, goal attainment, "
        "referrals, help that could not start, residential care). Figures from the two can differ slightly "
        "because they register at different moments.",
    ),
    "chah_default": (
        "Zonder keuze van module toont deze pagina crisishulp aan huis, de module met de norm van 28 dagen.",
        "Without a module choice this page shows crisis help at home, the module with the 28-day norm.",
    ),
    # the regional report, the position-paper pack and their buttons
    # buttons (pages/overzicht.py, ui/pack.py)
    "report_pdf": ("⬇ Regiorapport (PDF)", "⬇ Regional report (PDF)"),
    "report_html": ("⬇ Regiorapport (HTML)", "⬇ Regional report (HTML)"),
    "report_heading": ("Regiorapport voor het IROJ-overleg", "Regional report for the IROJ meeting"),
    "report_help": (
        "Twee tot vier A4-pagina's met de gekozen regio's naast Vlaanderen voor de gekozen periode: "
        "kerncijfers, de belangrijkste grafieken, de veranderingen in woorden, de definities. Dezelfde "
        "cijfers als het dashboard, in dezelfde modus.",
        "Two to four A4 pages with the chosen regions beside Flanders for the chosen period: key "
        "figures, the main charts, the changes in words, the definitions. The same figures as the "
        "dashboard, in the same mode.",
    ),
    "report_too_many": (
        "Een regiorapport zet hoogstens {n} regio's naast Vlaanderen; kies er minder in de filters.",
        "A regional report puts at most {n} regions beside Flanders; choose fewer in the filters.",
    ),
    "pack_button": ("⬇ Pakket: alle grafieken en cijfers (zip)", "⬇ Pack: all charts and figures (zip)"),
    "pack_help": (
        "Voor een position paper: elke grafiek van deze pagina als SVG en als PNG (300 dpi), de cijfers "
        "als Excel met een blad met definities, en CITATION.txt: hoe je de cijfers correct citeert.",
        "For a position paper: every chart on this page as SVG and as PNG (300 dpi), the figures as "
        "Excel with a definitions sheet, and CITATION.txt: how to cite the figures correctly.",
    ),
    # the report
    "report_title": ("Regiorapport crisishulp jeugdhulp", "Regional report: youth-care crisis help"),
    "report_subtitle": ("{areas} naast Vlaanderen, {period}", "{areas} beside Flanders, {period}"),
    "report_subtitle_flanders": ("Vlaanderen, {period}", "Flanders, {period}"),
    "made_on": ("Opgemaakt op {date}", "Made on {date}"),
    "page_of": ("pagina {page} van {pages}", "page {page} of {pages}"),
    "changes_title": ("Belangrijkste veranderingen", "Main changes"),
    "key_figures_title": ("Kerncijfers: {areas} naast Vlaanderen", "Key figures: {areas} beside Flanders"),
    "block_period": (
        "Over de periode, naast de vorige periode van even lang",
        "Over the period, beside the previous period of the same length",
    ),
    "block_period_alone": ("Over de periode", "Over the period"),
    "block_year": ("Per jaar", "Per year"),
    "block_residential": ("Verblijf", "Residential care"),
    "indicator": ("Indicator", "Indicator"),
    "definitions_title": ("Definities", "Definitions"),
    "about_title": ("Over deze cijfers", "About these figures"),
    "report_hidden_note": (
        "'<10': een aantal onder 10, niet getoond; '–': een percentage of mediaan die niet getoond "
        "wordt (te kleine aantallen) of waarvoor geen gegevens zijn.",
        "'<10': a count below 10, not shown; '–': a percentage or median that is not shown (counts too "
        "small) or for which there are no data.",
    ),
    "same_numbers": (
        "Alle cijfers komen uit dezelfde benoemde queries en dezelfde beschermingsstap als het "
        "dashboard; de grafieken zijn die van de dashboardpagina's.",
        "All figures come from the same named queries and the same protection step as the dashboard; "
        "the charts are those of the dashboard's pages.",
    ),
    "cite_as": ("Citeer als", "Cite as"),
    "cite_app": (
        "Beleidsdashboard crisishulp jeugdhulp Vlaanderen",
        "Policy dashboard on youth-care crisis help in Flanders",
    ),
    "report_word": ("regiorapport", "regional report"),
    "citation_line": (
        "{app}, {what}. Bron: {source}. Gegevensversie {version}, opgemaakt op {date}; {mode}.",
        "{app}, {what}. Source: {source}. Data version {version}, made on {date}; {mode}.",
    ),
    "mode_short_public": (
        "publieke cijfers (afgerond op 5, <10 verborgen)",
        "public figures (rounded to 5, <10 hidden)",
    ),
    "mode_short_exact": ("exacte cijfers (niet verspreiden)", "exact figures (do not distribute)"),
    # exact mode (staff only): the warning in the header, the mark at the top of every page, and
    # the mark after every count of 1 to 9 (the key-figure command writes the same, in Dutch)
    "exact_warning": (
        "EXACTE CIJFERS – NIET PUBLICEREN. Alleen voor intern gebruik: deze cijfers zijn niet "
        "beschermd (niet afgerond, kleine aantallen niet verborgen). Elk aantal van 1 tot 9 is "
        "gemarkeerd met '(klein aantal: niet publiceren)'.",
        "EXACT FIGURES – DO NOT PUBLISH. For internal use only: these figures are not protected (not "
        "rounded, small counts not hidden). Every count of 1 to 9 is marked '(small count: do not "
        "publish)'.",
    ),
    "exact_mark": ("exacte cijfers – niet publiceren", "exact figures – do not publish"),
    "small_count_mark": ("klein aantal: niet publiceren", "small count: do not publish"),
    "section_seasons": ("Seizoenen", "Seasons"),
    "section_extensions": ("Verlengingen", "Extensions"),
    "section_referrals": ("Doorverwijzingen", "Referrals"),
    "section_timely": ("Tijdige start", "Timely start"),
    "section_residential": ("Verblijf na corona", "Residential stay after corona"),
    "flows_title": (
        "Afloop bij de afsluiting en vervolghulp binnen en buiten Opgroeien",
        "Outcome at the close and follow-up help inside and outside Opgroeien",
    ),
    "flows_outcome": ("Afloop per crisismodule", "Outcome per crisis module"),
    "flows_destination": ("Doorverwezen naar", "Referred to"),
    "flows_closed": ("afgesloten trajecten", "closed trajectories"),
    "flows_referred": ("trajecten", "trajectories"),
    "flows_note": (
        "In het dashboard is dit een Sankey-diagram; op papier tonen staven dezelfde beschermde aantallen "
        "(elk gebied op zijn eigen schaal). Verbindingen met minder dan 10 trajecten ('<10') zijn "
        "weggelaten, zoals in het diagram.",
        "In the dashboard this is a Sankey diagram; on paper bars show the same protected counts (each "
        "area on its own scale). Links with fewer than 10 trajectories ('<10') are left out, as in the "
        "diagram.",
    ),
    "naar_huis_sentence": (
        "Verblijven die eindigden met terug naar huis, {period_name}: {area_values}.",
        "Stays that ended with a return home, {period_name}: {area_values}.",
    ),
    "no_changes": (
        "Geen vergelijking mogelijk: de periode begint bij de eerste gegevens en telt één jaar.",
        "No comparison possible: the period starts with the first data and spans one year.",
    ),
    # indicator rows of the key-figure table
    # the subjects of the change sentences
    "rose": ("steeg", "rose"),
    "fell": ("daalde", "fell"),
    "change_sentence": (
        "{subject} {verb} in {area} van {before} in {t1} tot {now} in {t2}{reference}.",
        "{subject} {verb} in {area} from {before} in {t1} to {now} in {t2}{reference}.",
    ),
    "change_reference": (" (Vlaanderen: van {before} tot {now})", " (Flanders: from {before} to {now})"),
    "stable_sentence": (
        "Geen duidelijke verandering in {area} ({t1} tegenover {t2}, binnen de afronding van de "
        "cijfers): {items}.",
        "No clear change in {area} ({t1} against {t2}, within the rounding of the figures): {items}.",
    ),
    "hidden_sentence": (
        "Niet te vergelijken in {area} omdat de aantallen te klein zijn om te tonen: {items}.",
        "Not comparable in {area} because the counts are too small to show: {items}.",
    ),
    # definitions of the rows (kerncijfers rows reuse report.keyfigures.compute.DEFINITIONS)
    "charts_label": ("Grafieken", "Charts"),
    "norms_label": ("Normen", "Norms"),
    "def_charts": (
        "Seizoensindex = aanmeldingen in een maand gedeeld door het maandgemiddelde van dat "
        "jaar, berekend uit de beschermde maandaantallen; verlengingsgraad = verlengde modules als % van "
        "de opgestarte; afloop = uithuisplaatsing geadviseerd, doorverwezen of geen vervolghulp.",
        "Seasonal index = registrations in a month divided by that year's monthly mean, "
        "computed from the protected monthly counts; extension rate = extended modules as % of those "
        "started; outcome = placement advised, referred or no follow-up.",
    ),
    "def_norms": (
        "Crisishulp aan huis start binnen 24 uur en duurt ten hoogste 28 dagen; een crisisverblijf "
        "duurt 7 dagen, verlengbaar met 7. Doorverwijzingen binnen en buiten Opgroeien mogen niet worden "
        "opgeteld: eenzelfde traject kan beide hebben.",
        "Crisis help at home starts within 24 hours and lasts at most 28 days; a crisis stay "
        "lasts 7 days, extendable by 7. Referrals inside and outside Opgroeien cannot be added: one "
        "trajectory can have both.",
    ),
    # the pack
    "pack_tiles_year": ("Kerncijfers per jaar", "Key figures per year"),
    "pack_readme_title": ("Hoe deze cijfers citeren", "How to cite these figures"),
    "pack_source": ("Bron", "Source"),
    "pack_selection": ("Selectie", "Selection"),
    "pack_made_on": ("Opgemaakt op", "Made on"),
    "pack_mode": ("Cijfermodus", "Figures"),
    "pack_synthetic": (
        "SYNTHETISCHE GEGEVENS: gegenereerde voorbeeldgegevens, geen echte trajecten. Niet citeren als "
        "echte cijfers.",
        "SYNTHETIC DATA: generated sample data, not real trajectories. Do not cite as real figures.",
    ),
    "pack_figures": ("Figuren in dit pakket", "Figures in this pack"),
    "pack_files": ("bestanden", "files"),
    "pack_sheet": ("blad", "sheet"),
    "pack_rules": (
        "Publieke cijfers: elk aantal is beschermd met de cell-key-methode (ONS-tabel voor de 10-5-regel): "
        "aantallen onder 10 staan als '<10', de andere zijn veelvouden van 5; percentages zijn berekend uit "
        "de beschermde aantallen en pas getoond vanaf een noemer van 20. Tel getoonde aantallen niet op "
        "tot nieuwe totalen: neem het getoonde totaal.",
        "Public figures: every count is protected with the cell-key method (ONS table for the 10-5 "
        "rule): counts below 10 read '<10', the others are multiples of 5; percentages are computed from "
        "the protected counts and shown only from a denominator of 20. Do not add shown counts into new "
        "totals: take the shown total.",
    ),
    "pack_derived": (
        "afgeleid op de pagina uit beschermde cijfers",
        "derived on the page from protected figures",
    ),
    # CITATION.txt's lines (report/pack.py citation_text): who publishes, what, for which view
    "pack_publisher": ("Uitgever", "Publisher"),
    "pack_title": ("Titel", "Title"),
    "pack_link": ("Link naar deze weergave", "Link to this view"),
    "pack_beside_flanders": ("{areas} naast Vlaanderen", "{areas} beside Flanders"),
    "pack_cite_line": (
        "{work}: {selection}, {period}. Bron: {source}. Gegevensversie {version}, opgemaakt op {date};"
        " {mode}.",
        "{work}: {selection}, {period}. Source: {source}. Data version {version}, made on {date}; {mode}.",
    ),
    # the downloads (present/export.py): the header block above a table and the 'bron' sheet; the
    # words of a yes/no column in a table (present/tables.py)
    "dl_title": ("Titel", "Title"),
    "dl_period": ("Periode", "Period"),
    "dl_link": ("Link", "Link"),
    "dl_note": ("Opmerking", "Note"),
    "dl_field": ("veld", "field"),
    "dl_value": ("waarde", "value"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    # --- the answer to a written parliamentary question --------------------------------------
    # The key figures as the answer to vraag nr. 712 reads (report/keyfigures/formats.py `answer`:
    # the command's md, the page's text, the Word file), and the page that shows it (pages/vraag.py).
    # The Dutch texts are the command's own: `python -m report kerncijfers --format md` writes them.
    "page_question": ("Parlementaire vraag", "Parliamentary question"),
    "answer_mode_public": (
        "Beschermde cijfers (publieke modus): dezelfde cijfers als het dashboard; aantallen"
        " willekeurig afgerond op 5, aantallen onder 10 niet getoond ('<10'), percentages berekend uit"
        " de beschermde aantallen en pas getoond vanaf een noemer van 20 ('–').",
        "Protected figures (public mode): the same figures as the dashboard; counts randomly rounded"
        " to 5, counts under 10 not shown ('<10'), percentages worked out from the protected counts"
        " and shown only from a denominator of 20 ('–').",
    ),
    "answer_mode_exact": (
        "EXACTE CIJFERS – alleen voor intern gebruik, niet publiceren: de cijfers zijn niet"
        " beschermd; elk aantal van 1 tot 9 is gemarkeerd met '({mark})'.",
        "EXACT FIGURES – for internal use only, do not publish: the figures are not protected; every"
        " count of 1 to 9 is marked '({mark})'.",
    ),
    "answer_exact_warning": (
        "EXACTE CIJFERS: kleine aantallen (1 tot 9) gemarkeerd – {mark}",
        "EXACT FIGURES: small counts (1 to 9) marked – {mark}",
    ),
    "answer_title": ("Kerncijfers crisishulp {span}", "Key figures crisis help {span}"),
    "answer_area": ("Gebied: {area}.", "Area: {area}."),
    "answer_area_flanders": ("heel Vlaanderen (alle IROJ-regio's)", "all of Flanders (all IROJ regions)"),
    "answer_area_one": ("IROJ-regio {names}", "IROJ region {names}"),
    "answer_area_many": ("IROJ-regio's {names}", "IROJ regions {names}"),
    "answer_period_one": ("In {year}", "In {year}"),
    "answer_period_many": ("In de periode {span}", "In the period {span}"),
    "answer_source": ("(bron: {source})", "(source: {source})"),
    "answer_family_one": ("gezin", "family"),
    "answer_family_many": ("gezinnen", "families"),
    "answer_trajectory_one": ("traject", "trajectory"),
    "answer_trajectory_many": ("trajecten", "trajectories"),
    "answer_minor_one": ("unieke minderjarige", "unique minor"),
    "answer_minor_many": ("unieke minderjarigen", "unique minors"),
    "answer_verb_one": ("werd", "was"),
    "answer_verb_many": ("werden", "were"),
    "answer_not_available": ("n.b.", "n/a"),
    "answer_families": (
        "{period} werd crisishulp aan huis opgestart bij {families}. {source}",
        "{period}, crisis help at home was started for {families}. {source}",
    ),
    "answer_started": (
        "{period} {verb} {trajectories} crisishulp aan huis opgestart. Bij {extended} daarvan"
        " ({pct}) werd de standaardtermijn van 28 dagen verlengd. {source}",
        "{period}, {trajectories} of crisis help at home {verb} started. For {extended} of them"
        " ({pct}) the standard term of 28 days was extended. {source}",
    ),
    "answer_started_per_year": (
        "Het aantal opgestarte trajecten crisishulp aan huis bedraagt {values}. {source}",
        "The number of trajectories of crisis help at home started is {values}. {source}",
    ),
    "answer_goal": (
        "Het aandeel afgesloten ambulante crisistrajecten (crisishulp aan huis, crisisbegeleiding en"
        " crisisinterventie) waarvan de doelen bereikt of grotendeels bereikt werden, op de trajecten"
        " met een geregistreerde doelrealisatie, bedraagt {values}{notes}. {source}",
        "The share of closed ambulatory crisis trajectories (crisis help at home, crisis guidance and"
        " crisis intervention) whose goals were reached or largely reached, of the trajectories with a"
        " registered goal attainment, is {values}{notes}. {source}",
    ),
    "answer_goal_missing": (
        "n.b.: niet beschikbaar, geen doelrealisatie geregistreerd",
        "n/a: not available, no goal attainment registered",
    ),
    "answer_goal_hidden": (
        "–: niet getoond, te weinig trajecten met een geregistreerde doelrealisatie",
        "–: not shown, too few trajectories with a registered goal attainment",
    ),
    "answer_placement": (
        "Het aantal afgesloten ambulante crisistrajecten waarbij een plaatsing werd geadviseerd,"
        " bedraagt {values}. {source}",
        "The number of closed ambulatory crisis trajectories for which a placement was advised is"
        " {values}. {source}",
    ),
    "answer_referrals": (
        "Doorverwijzingen bij de afsluiting van de ambulante crisistrajecten {source}:",
        "Referrals at the close of the ambulatory crisis trajectories {source}:",
    ),
    "answer_referrals_caveat": (
        "Opgelet: de doorverwijzingen binnen en buiten Opgroeien mogen niet worden opgeteld."
        " Eenzelfde traject (gezin) kan zowel binnen als buiten Opgroeien worden doorverwezen.",
        "Note: the referrals inside and outside Opgroeien must not be added up. One trajectory"
        " (family) can be referred both inside and outside Opgroeien.",
    ),
    "answer_not_started": (
        "{period} kon crisishulp aan huis niet worden opgestart voor {minors} die ervoor werden"
        " aangemeld. {source}",
        "{period}, crisis help at home could not be started for {minors} registered for it. {source}",
    ),
    "answer_quiet": (
        "De rustigste maanden, met de minste aanmeldingen voor crisishulp aan huis over {span}, zijn"
        " {months}{ranked}.",
        "The quietest months, with the fewest registrations for crisis help at home over {span}, are"
        " {months}{ranked}.",
    ),
    "answer_quiet_ranked": (
        "gerangschikt op de beschermde maandaantallen",
        "ranked on the protected monthly counts",
    ),
    "answer_tie": (
        "{fourth} {same}; bij gelijke aantallen telt volgens de definitie de vroegste maand.",
        "{fourth} {same}; with equal counts the definition takes the earlier month.",
    ),
    "answer_tie_exact": ("heeft evenveel aanmeldingen als {third}", "has as many registrations as {third}"),
    "answer_tie_hidden": ("is net als {third} niet getoond ('<10')", "is, like {third}, not shown ('<10')"),
    "answer_tie_same": (
        "heeft hetzelfde beschermde aantal als {third}",
        "has the same protected count as {third}",
    ),
    "answer_sources": (
        "Bronnen: INSISTO is het registratiesysteem van de crisismeldpunten; BINC is de registratie"
        " van de geboden hulp. Percentages met één decimaal. Ter vergelijking: crisishulp aan huis"
        " start binnen 24 uur en duurt in principe maximaal 28 dagen.",
        "Sources: INSISTO is the registration system of the crisis reporting points; BINC is the"
        " registration of the help given. Percentages with one decimal. For comparison: crisis help"
        " at home starts within 24 hours and in principle lasts at most 28 days.",
    ),
    "answer_public_note": (
        "Beschermde cijfers, zoals op het dashboard: '<10' is een aantal onder 10 dat niet getoond"
        " wordt; '–' is een percentage dat niet getoond wordt omdat de aantallen te klein zijn; n.b.:"
        " niet beschikbaar. Tel getoonde aantallen niet op tot nieuwe totalen: neem het getoonde"
        " totaal.",
        "Protected figures, as on the dashboard: '<10' is a count under 10 that is not shown; '–' is a"
        " percentage not shown because the counts are too small; n/a: not available. Do not add shown"
        " counts up to new totals: take the total shown.",
    ),
    "answer_data_version": ("Gegevensversie: {version}.", "Data version: {version}."),
    "answer_per_year": ("Per jaar", "Per year"),
    # the page (pages/vraag.py) around the answer
    "question_intro": (
        "Het antwoord op een schriftelijke parlementaire vraag zoals nr. 712 (8 juli 2022), voor de"
        " periode en de regio in de zijbalk: genummerd, met de bron van elk cijfer. Download het"
        " antwoord als Word of Markdown, of kopieer het als tekst onderaan.",
        "The answer to a written parliamentary question such as nr. 712 (8 July 2022), for the period"
        " and the region in the sidebar: numbered, with each figure's source. Download the answer as"
        " Word or Markdown, or copy it as text at the bottom.",
    ),
    "question_ignored": (
        "De keuze bij {filters} geldt niet voor de kerncijfers: elk cijfer telt de crisismodules die"
        " het antwoord noemt, voor alle leeftijden.",
        "The choice of {filters} does not apply to the key figures: each figure counts the crisis"
        " modules the answer names, for all ages.",
    ),
    "question_per_region": (
        "De kerncijfers tellen één regio of heel Vlaanderen: hieronder één antwoord per gekozen regio.",
        "The key figures count one region or all of Flanders: below, one answer per chosen region.",
    ),
    "question_text": ("Antwoord als tekst", "Answer as text"),
    "question_text_help": (
        "Kopieer met de knop rechtsboven in het vak; de tabel staat er met tabs tussen de kolommen.",
        "Copy with the button at the top right of the box; the table has tabs between its columns.",
    ),
    "question_docx": ("Word (.docx)", "Word (.docx)"),
    "question_md": ("Markdown (.md)", "Markdown (.md)"),
    "question_file": ("antwoord-vraag", "answer-question"),
    # --- end of the parliamentary question's labels ---------------------------------------------
    # --- Fair comparison: rates per 10.000 minors, the index, all regions side by side ----------
    "measure": ("Weergave", "Show as"),
    "measure_count": ("Aantallen", "Counts"),
    "measure_rate": ("Per 10.000 minderjarigen", "Per 10,000 minors"),
    "measure_index": ("Index (eerste jaar = 100)", "Index (first year = 100)"),
    "measure_help": (
        "Aantallen zoals geteld; per 10.000 minderjarigen die in het gebied wonen (zo zijn regio's "
        "van verschillende grootte te vergelijken); of als index, met het eerste jaar van de "
        "periode op 100. Geldt voor de tellingen met een bevolking als basis, op deze pagina en op "
        "Overzicht en Regio's vergelijken.",
        "Counts as counted; per 10,000 minors living in the area (so regions of different size "
        "can be compared); or as an index, with the first year of the period at 100. Applies to "
        "the counts that have a population base, on this page and on Overview and Compare regions.",
    ),
    "rate_unit": ("per 10.000 minderjarigen", "per 10,000 minors"),
    # The report's rows of rates, each under its count's row: short enough for one line.
    "rate_row_families": ("Gezinnen, per 10.000 minderjarigen", "Families, per 10,000 minors"),
    "rate_row_started": (
        "Trajecten opgestart, per 10.000 minderjarigen",
        "Trajectories started, per 10,000 minors",
    ),
    "rate_row_not_started": (
        "Niet kunnen starten, per 10.000 minderjarigen",
        "Could not start, per 10,000 minors",
    ),
    "rate_value": ("{value} per 10.000 minderjarigen", "{value} per 10,000 minors"),
    "index_unit": ("index, {year} = 100", "index, {year} = 100"),
    "rate_estimated_short": ("bevolking geschat", "population estimated"),
    "defs_head_rates": ("Per 10.000 minderjarigen en index.", "Per 10,000 minors and index."),
    "defs_rates": (
        "Een cijfer per 10.000 minderjarigen is het getoonde (beschermde) aantal gedeeld door het "
        "aantal minderjarigen (0-17 jaar) dat op 1 januari in het gebied woont, maal 10.000; over "
        "een periode van meer jaren door het gemiddelde van die jaren, met een leeftijdsfilter door "
        "de minderjarigen van die leeftijdsgroep (voor 18+ bestaat geen cijfer). De bevolking komt "
        "van Statbel; waar geen cijfer gepubliceerd is, is het geschat uit de naaste gepubliceerde "
        "jaren (de tabel hieronder zegt welke). Vlaanderen is de som van de vijf provincies en "
        "Brussel. Brussel: de Brusselnorm, 30 % van de minderjarigen van het Brussels Hoofdstedelijk "
        "Gewest, want niemand telt de Brusselse minderjarigen die de Vlaamse jeugdhulp bedient. Een "
        "index zet het eerste jaar van de periode op 100. Een verborgen aantal geeft een verborgen "
        "cijfer per 10.000 en een verborgen index.",
        "A figure per 10,000 minors is the shown (protected) count divided by the number of minors "
        "(aged 0-17) living in the area on 1 January, times 10,000; over a period of several years "
        "by the mean of those years, with an age filter by that age band's minors (there is none "
        "for 18+). The population comes from Statbel; where no figure is published it is estimated "
        "from the nearest published years (the table below says which). Flanders is the sum of the "
        "five provinces and Brussel. Brussel: the 'Brusselnorm', 30% of the minors of the "
        "Brussels-Capital Region, because nobody counts the Brussels minors that Flemish youth care "
        "serves. An index puts the first year of the period at 100. A hidden count gives a hidden "
        "rate and a hidden index.",
    ),
    "defs_population_title": (
        "Minderjarigen per gebied en jaar (de noemers)",
        "Minors per area and year (the denominators)",
    ),
    "answer_rates": (
        "Per 10.000 minderjarigen die in {area} wonen (gemiddeld {minors} op 1 januari, Statbel): "
        "{families} gezinnen gestart met crisishulp aan huis, {started} opgestarte trajecten en "
        "{not_started} minderjarigen die niet konden starten in {period}; opgestarte trajecten per "
        "jaar: {per_year}.",
        "Per 10,000 minors living in {area} (on average {minors} on 1 January, Statbel): "
        "{families} families that started crisis help at home, {started} trajectories started and "
        "{not_started} minors who could not start in {period}; trajectories started per year: "
        "{per_year}.",
    ),
    "answer_rates_estimated": (
        "De bevolking van {years} is geschat (geen gepubliceerd cijfer).",
        "The population of {years} is estimated (no published figure).",
    ),
    "compare_partial": (
        "Een jaar met een verborgen maand (<10) heeft geen jaartotaal: de andere maanden samen zouden "
        "te laag uitvallen.",
        "A year with a hidden month (<10) has no yearly total: the other months added up would be too low.",
    ),
    "rate_brussels": (
        "Brussel: er bestaat geen telling van de Brusselse minderjarigen die de Vlaamse jeugdhulp "
        "bedient. De noemer is de Brusselnorm: 30 % van de minderjarigen van het Brussels "
        "Hoofdstedelijk Gewest. Vergelijk Brussel daarom met voorzichtigheid.",
        "Brussel: there is no count of the Brussels minors that Flemish youth care serves. The "
        "denominator is the 'Brusselnorm': 30% of the minors of the Brussels-Capital Region. "
        "Compare Brussel with care.",
    ),
    "rate_estimated": (
        "Bevolking geschat (geen gepubliceerd cijfer) voor: {areas}. Hoe: zie Definities en bronnen.",
        "Population estimated (no published figure) for: {areas}. How: see Definitions and sources.",
    ),
    "rate_estimated_period": (
        "Voor een deel van de jaren is de bevolking geschat (zie Definities en bronnen).",
        "For some of the years the population is estimated (see Definitions and sources).",
    ),
    "rate_adults": (
        "Voor 18+ bestaat geen bevolking van minderjarigen: kies een andere leeftijd voor een cijfer "
        "per 10.000 minderjarigen.",
        "There is no population of minors for 18+: choose another age band for a figure per 10,000 minors.",
    ),
    "rate_all_ages": (
        "De teller telt alle jongeren in de crisishulp, ook wie 18 of ouder is; de noemer zijn de "
        "minderjarigen (0-17 jaar) op 1 januari.",
        "The numerator counts every young person in crisis help, 18 and over included; the "
        "denominator is the minors (aged 0-17) on 1 January.",
    ),
    "rate_hidden": (
        "Een verborgen aantal (<10) geeft een verborgen cijfer per 10.000 en een verborgen index.",
        "A hidden count (<10) gives a hidden rate per 10,000 and a hidden index.",
    ),
    "index_base_missing": (
        "Geen index voor {areas}: het cijfer van {year}, de basis, is verborgen of nul.",
        "No index for {areas}: the figure of {year}, the base, is hidden or zero.",
    ),
    "index_one_year": (
        "Een index vergelijkt jaren: kies een periode van minstens twee jaar.",
        "An index compares years: choose a period of at least two years.",
    ),
    "page_compare": ("Regio's vergelijken", "Compare regions"),
    "compare_intro": (
        "Alle zes regio's en Vlaanderen naast elkaar voor één cijfer. Uw gekozen regio's vallen op; "
        "Vlaanderen is de lijn ter vergelijking. Kies 'per 10.000 minderjarigen' om regio's van "
        "verschillende grootte eerlijk te vergelijken.",
        "All six regions and Flanders side by side for one figure. Your chosen regions stand out; "
        "Flanders is the reference line. Choose 'per 10,000 minors' to compare regions of "
        "different size fairly.",
    ),
    "compare_indicator": ("Cijfer", "Figure"),
    "compare_ranked": ("{label}: alle regio's, {period}", "{label}: every region, {period}"),
    "compare_ranked_index": (
        "{label}: alle regio's, {year} tegenover {base}",
        "{label}: every region, {year} against {base}",
    ),
    "compare_trend": ("{label}: alle regio's per jaar", "{label}: every region by year"),
    # --- Eigen tabel (the table builder) ----------------------------------------------------------
    "page_table": ("Eigen tabel", "Your own table"),
    "table_intro": (
        "Kies een cijfer en twee indelingen: de tabel toont elke combinatie, beschermd zoals elke "
        "andere weergave. De link hieronder maakt dezelfde tabel opnieuw.",
        "Choose a figure and two breakdowns: the table shows each combination, protected like "
        "every other view. The link below makes the same table again.",
    ),
    "table_indicator": ("Cijfer", "Figure"),
    "table_rows": ("Rijen", "Rows"),
    "table_columns": ("Kolommen", "Columns"),
    "table_dim_jaar": ("jaar", "year"),
    "table_dim_regio": ("gebied", "area"),
    "table_dim_module": ("crisismodule", "crisis module"),
    "table_dim_leeftijd": ("leeftijd", "age"),
    "table_dim_geslacht": ("geslacht", "gender"),
    "table_same_dimension": (
        "Rijen en kolommen zijn dezelfde indeling: kies voor de kolommen een andere (bijvoorbeeld "
        "jaar of gebied).",
        "Rows and columns are the same breakdown: choose another one for the columns (for "
        "example year or area).",
    ),
    "table_no_gender": (
        "Een indeling naar geslacht kan niet: de publieke weergaven splitsen niet naar geslacht, "
        "zodat ook samen met de andere tabellen geen kind herkenbaar wordt. Kies jaar, gebied, "
        "crisismodule of leeftijd.",
        "A breakdown by gender is not possible: the public views do not split by gender, so that "
        "no child becomes recognisable, also together with the other tables. Choose year, area, "
        "crisis module or age.",
    ),
    "table_dimension_ignored": (
        "Dit cijfer kan niet naar {dimension} worden ingedeeld: de filter geldt er niet voor (zie "
        "de definitie onder de tabel). Kies een andere indeling of een ander cijfer.",
        "This figure cannot be broken down by {dimension}: the filter does not apply to it (see "
        "the definition under the table). Choose another breakdown or another figure.",
    ),
    "table_own_total": (" (totaal)", " (total)"),
    "table_period_total": ("Hele periode", "Whole period"),
    "table_totals_note": (
        "De totalen 'Alle modules', 'Alle leeftijden' en Vlaanderen zijn eigen weergaven, apart "
        "beschermd: ze zijn niet de som van de getoonde cellen en kunnen er enkele eenheden van "
        "verschillen. Neem voor een totaal het getoonde totaal.",
        "The totals 'All modules', 'All ages' and Flanders are views of their own, protected on "
        "their own: they are not the sum of the cells shown and can differ from it by a few "
        "units. For a total, take the total shown.",
    ),
    "table_period_sum": (
        "'Hele periode' telt de beschermde jaren op.",
        "'Whole period' adds up the protected years.",
    ),
    "table_period_distinct": (
        "'Hele periode' telt elk gezin of kind één keer, ook als het in meer jaren voorkomt: het is "
        "niet de som van de jaren.",
        "'Whole period' counts each family or child once, also when it appears in several years: "
        "it is not the sum of the years.",
    ),
    "table_index_note": (
        "De tabel toont aantallen of cijfers per 10.000 minderjarigen; voor een index: Regio's vergelijken.",
        "The table shows counts or figures per 10,000 minors; for an index: Compare regions.",
    ),
    "table_title": ("{label}, naar {rows} en {columns}", "{label}, by {rows} and {columns}"),
    "table_area_note": ("Gebied: {area}.", "Area: {area}."),
    "table_link": ("Link naar deze tabel", "Link to this table"),
    # --- end of the fair comparison's labels ------------------------------------------------------
    # Accessibility (issue 17)
    "chart_word": ("Grafiek", "Chart"),
    "tile_trend": ("Verloop over de gekozen jaren: {values}.", "Over the chosen years: {values}."),
    "page_accessibility": ("Toegankelijkheid", "Accessibility"),
    "a11y_intro": (
        "De Vlaamse overheid wil dat iedereen dit dashboard kan gebruiken, ook wie een schermlezer, "
        "alleen het toetsenbord of een vergroting gebruikt. Deze toegankelijkheidsverklaring zegt hoe ver we "
        "daarin staan.",
        "The Flemish government wants everyone to be able to use this dashboard, including people who use a "
        "screen reader, only the keyboard, or magnification. This accessibility statement says how far we "
        "are.",
    ),
    "a11y_standard_title": ("Norm", "Standard"),
    "a11y_standard": (
        "Het dashboard moet voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.1, niveau AA, "
        "de norm van de Europese richtlijn (EU) 2016/2102 over de toegankelijkheid van websites en mobiele "
        "applicaties van overheidsinstanties (geharmoniseerde norm EN 301 549). In Vlaanderen is die richtlijn "
        "omgezet in het Bestuursdecreet van 7 december 2018 en zijn uitvoeringsbesluit.",
        "The dashboard must meet the Web Content Accessibility Guidelines (WCAG) 2.1, level AA, the standard "
        "of the European directive (EU) 2016/2102 on the accessibility of the websites and mobile "
        "applications of public sector bodies (harmonised standard EN 301 549). In Flanders the directive is "
        "transposed by the Bestuursdecreet (Governance Decree) of 7 December 2018 and its implementing order.",
    ),
    "a11y_status_title": ("Nalevingsstatus", "Compliance status"),
    "a11y_status": (
        "**Gedeeltelijk conform**: het dashboard voldoet nog niet aan alle eisen van WCAG 2.1 AA. Wat niet "
        "voldoet, staat hieronder. Tot elk van die punten is opgelost, blijft de status gedeeltelijk conform.",
        "**Partially compliant**: the dashboard does not yet meet every requirement of WCAG 2.1 AA. What "
        "does not comply is listed below. Until each of those points is fixed, the status stays partially "
        "compliant.",
    ),
    "a11y_tested_title": ("Hoe het getest is", "How it was tested"),
    "a11y_tested": (
        "- Automatisch, bij elke wijziging: de scan axe-core controleert in een echte browser (Chromium) "
        "elke pagina in het Nederlands en het Engels, in de standaardweergave en ingeperkt tot één regio en "
        "periode, op een breed scherm en op een smartphone (390 pixels), en het HTML-regiorapport, op alle "
        "regels van WCAG 2.0 en 2.1 niveau A en AA en de volgorde van de koppen.\n"
        "- Met eigen tests voor wat de scan niet ziet: de taal van de pagina volgt de gekozen taal; elke "
        "grafiek heeft een naam en een korte beschrijving uit de indicatorencatalogus, en zijn gegevens als "
        "tabel (één klik verder, onder 'Tabel bij de grafiek'); elke downloadknop zegt welke grafiek en "
        "welk formaat; de filters, de pagina's en de downloads zijn met alleen het toetsenbord te bereiken, "
        "met een zichtbare focusrand.\n"
        "- De beoordeling is een zelfevaluatie door het ontwikkelteam; een test met gebruikers van "
        "hulptechnologie is nog niet gebeurd.",
        "- Automatically, with every change: the axe-core scan checks, in a real browser (Chromium), every "
        "page in Dutch and English, in the default view and narrowed to one region and period, on a wide "
        "screen and on a smartphone (390 pixels), and the HTML regional report, against all WCAG 2.0 and 2.1 "
        "level A and AA rules and the order of the headings.\n"
        "- With tests of our own for what the scan cannot see: the page's language follows the chosen "
        "language; every chart has a name and a short description from the indicator catalogue, and its "
        "data as a table (one click away, under 'Table for this chart'); every download button says which "
        "chart and which format; the filters, the pages and the downloads can be reached with the keyboard "
        "alone, with a visible focus outline.\n"
        "- The assessment is a self-evaluation by the development team; no test with users of assistive "
        "technology has been done yet.",
    ),
    "a11y_gaps_title": ("Wat nog niet toegankelijk is", "What is not yet accessible"),
    "a11y_gaps": (
        "- **Het PDF-regiorapport is geen getagde PDF**: een schermlezer kan het niet goed lezen. Gebruik "
        "het HTML-regiorapport (zelfde inhoud, met koppen, tabellen en tekst bij elke grafiek).\n"
        "- **Teksten van het onderliggende platform (Streamlit) blijven Engels**, ook in de Nederlandse "
        "weergave: onder meer het menu rechtsboven, de knop 'Fullscreen' bij een grafiek en het woord "
        "'visualization' dat een schermlezer bij een grafiek zegt (WCAG 3.1.2). Het dashboard kan die "
        "teksten niet vertalen.\n"
        "- **Onderdelen van een grafiek** (punten, lijnen, balken) krijgen van de grafiekbibliotheek "
        "(Vega) technische beschrijvingen, zoals coördinaten en kleurcodes. Lees de cijfers in de tabel "
        "bij de grafiek.\n"
        "- **De kleine verloopgrafiekjes in de tegels van het Overzicht** zijn voor een schermlezer "
        "verborgen, omdat het platform ze geen naam laat geven; hun waarden staan in de uitleg bij de tegel "
        "(het vraagteken).\n"
        "- **De tabellen** (bij elke grafiek en op zichzelf) zijn een raster van het platform, getekend "
        "op een canvas met een verborgen tabel voor hulptechnologie, geen gewone HTML-tabel; gebruik de "
        "CSV- of Excel-download als het raster niet werkt met uw hulptechnologie.\n"
        "- **De coronaperiode** is in de grafieken een grijze band zonder tekst erbij (de naam staat alleen "
        "in de tooltip); de lijnen binnen en buiten Opgroeien verschillen wel in streep en punt, niet "
        "alleen in kleur.",
        "- **The PDF regional report is not a tagged PDF**: a screen reader cannot read it well. Use the "
        "HTML regional report (same content, with headings, tables and a text for every chart).\n"
        "- **Texts of the underlying platform (Streamlit) stay in English**, also in the Dutch view: among "
        "others the menu at the top right, the 'Fullscreen' button of a chart and the word 'visualization' "
        "a screen reader says for a chart (WCAG 3.1.2). The dashboard cannot translate them.\n"
        "- **Parts of a chart** (points, lines, bars) get technical descriptions from the chart library "
        "(Vega), such as coordinates and colour codes. Read the figures in the chart's table.\n"
        "- **The small trend charts in the tiles of the Overview** are hidden from screen readers, because "
        "the platform does not let them be named; their values are in the tile's explanation (the question "
        "mark).\n"
        "- **The tables** (with every chart and on their own) are a grid of the platform, drawn on a "
        "canvas with a hidden table for assistive technology, not a plain HTML table; use the CSV or "
        "Excel download if the grid does not work with your assistive technology.\n"
        "- **The corona period** is a grey band in the charts with no text beside it (its name is only in "
        "the tooltip); the lines inside and outside Opgroeien do differ in dash and point, not only in "
        "colour.",
    ),
    "a11y_contact_title": ("Een probleem melden", "Reporting a problem"),
    "a11y_contact": (
        "Loopt u tegen een toegankelijkheidsprobleem aan, of hebt u de inhoud in een andere vorm nodig? Meld "
        "het aan: **[contactadres: in te vullen door de bevoegde dienst van het departement]**. Dit adres "
        "is nog niet ingevuld; tot dan kan het dashboard geen meldingen ontvangen. U krijgt binnen een "
        "redelijke termijn antwoord. Bent u niet tevreden met het antwoord, dan kunt u terecht bij de "
        "Vlaamse Ombudsdienst.",
        "Do you run into an accessibility problem, or do you need the content in another form? Report it "
        "to: **[contact address: to be filled in by the department's responsible service]**. This address "
        "has not been filled in yet; until then the dashboard cannot receive reports. You will get an answer "
        "within a reasonable time. If you are not satisfied with the answer, you can turn to the Flemish "
        "Ombudsman (Vlaamse Ombudsdienst).",
    ),
    "a11y_date": ("Deze verklaring is opgesteld op {date}.", "This statement was drawn up on {date}."),
}


# ---------------------------------------------------------------------------------------------
# The reader's tables (present/tables.py): the header of every query column a table or download
# shows, in one map. A column that holds a catalogue indicator takes the catalogue's label instead
# (present/indicators.toml); these are the others (areas, years, counts beside the figure, ...).
# Words the label catalogue already has are taken from it, not written a second time. A key
# "query.column" names a column whose meaning depends on its query; it wins over "column".


def _capital(key: str) -> tuple[str, str]:
    """A LABELS word as a column header: 'aanmeldingen' -> 'Aanmeldingen'."""
    nl, en = LABELS[key]
    return nl[:1].upper() + nl[1:], en[:1].upper() + en[1:]


COLUMN_LABELS: dict[str, tuple[str, str]] = {
    # the fair comparison (present/rates.py)
    "rate": ("Per 10.000 minderjarigen", "Per 10,000 minors"),
    "index": ("Index (eerste jaar = 100)", "Index (first year = 100)"),
    "population": ("Minderjarigen in het gebied (1 januari)", "Minors living in the area (1 January)"),
    "estimated": ("Bevolking geschat", "Population estimated"),
    "partial": ("Met verborgen maanden", "With hidden months"),
    "population.minors": ("Minderjarigen in het gebied (1 januari)", "Minors living in the area (1 January)"),
    "population.source": ("Bron", "Source"),
    # what a row is about
    "area": LABELS["area"],
    "year": LABELS["year"],
    "month": LABELS["month"],
    "calendar_month": ("Kalendermaand", "Calendar month"),
    "weekday": LABELS["weekday"],
    "module": LABELS["module"],
    "age_band": LABELS["age_bands"],
    "destination": LABELS["flows_destination"],
    "date": ("Datum", "Date"),
    "month_end": ("Einde van de maand", "End of the month"),
    "period_from": ("Begin van de periode", "Start of the period"),
    "period_to": ("Einde van de periode", "End of the period"),
    "covid_period": ("Coronaperiode", "Corona period"),
    "context_support": _capital("context_support"),
    "months": _capital("months_since_home"),
    "step": ("Stap", "Step"),
    "source": ("Van", "From"),
    "target": ("Naar", "To"),
    "inside_opgroeien": _capital("inside"),
    "days_from": ("Van dag", "From day"),
    "days_to": ("Tot en met dag", "To day"),
    "duration_distribution_total.label": ("Duur (dagen)", "Duration (days)"),
    "started_later_days.label": ("Dagen tot de latere start", "Days to the later start"),
    "crisis_stay_carrousel.label": ("Aantal crisisverblijven", "Number of crisis stays"),
    "label": ("Klasse", "Class"),
    "within_28_days": ("Binnen de norm van 28 dagen", "Within the 28-day norm"),
    "within_42_days": ("Binnen de grens van 6 weken", "Within the 6-week limit"),
    "measure": ("Maat", "Measure"),
    "years": ("Aantal jaren", "Number of years"),
    "quiet": ("Rustige maand", "Quiet month"),
    "quiet_rank": ("Rang (1 = rustigst)", "Rank (1 = quietest)"),
    # counts and figures beside the block's own
    "registrations": _capital("registrations"),
    "starts": ("Opgestart", "Started"),
    "registered": ("Aangemeld", "Registered"),
    "started": ("Opgestart", "Started"),
    "extended": ("Verlengd", "Extended"),
    "extended_pct": ("Verlengd (%)", "Extended (%)"),
    "chah_started": ("Crisishulp aan huis opgestart", "Crisis help at home started"),
    "chah_extended": ("Crisishulp aan huis verlengd", "Crisis help at home extended"),
    "chah_extended_pct": ("Crisishulp aan huis verlengd (%)", "Crisis help at home extended (%)"),
    "families_chah_started": ("Gezinnen gestart", "Families started"),
    "could_not_start_minors": ("Minderjarigen niet gestart", "Minors not started"),
    "ambulatory_ended": ("Afgesloten (ambulant)", "Closed (ambulatory)"),
    "trajectories": _capital("flows_referred"),
    "finished": ("Afgesloten (totaal)", "Closed (total)"),
    "ended": _capital("flows_closed"),
    "residential_stay_by_covid_period.ended": ("Beëindigde verblijven", "Stays ended"),
    "share_pct": _capital("share"),
    "total": ("Totaal", "Total"),
    "minors": _capital("minors"),
    "children": _capital("children"),
    "median_days": ("Mediaan (dagen)", "Median (days)"),
    "time_to_start_yearly.median_days": ("Mediaan dagen tot de start", "Median days to the start"),
    "residential_stay_by_covid_period.median_days": (
        "Mediaan verblijfsduur (dagen)",
        "Median length of stay (days)",
    ),
    "within_24h": ("Opgestart binnen 24 uur", "Started within 24 hours"),
    "within_24h_pct": ("Opgestart binnen 24 uur (%)", "Started within 24 hours (%)"),
    "goal_registered": ("Doelrealisatie geregistreerd", "Goal attainment registered"),
    "bereikt": ("Bereikt", "Reached"),
    "grotendeels_bereikt": ("Grotendeels bereikt", "Largely reached"),
    "gedeeltelijk_bereikt": ("Gedeeltelijk bereikt", "Partly reached"),
    "niet_bereikt": ("Niet bereikt", "Not reached"),
    "goal_positive": ("Doelen (grotendeels) bereikt", "Goals (largely) reached"),
    "goal_positive_pct": ("Doelen (grotendeels) bereikt (%)", "Goals (largely) reached (%)"),
    "placement_advised": _capital("placement_advised"),
    "placement_advised_pct": ("Uithuisplaatsing geadviseerd (%)", "Placement advised (%)"),
    "referred_inside": ("Doorverwezen binnen Opgroeien", "Referred inside Opgroeien"),
    "referred_outside": ("Doorverwezen buiten Opgroeien", "Referred outside Opgroeien"),
    "referred_any": _capital("referred"),
    "referred_inside_pct": ("Doorverwezen binnen Opgroeien (%)", "Referred inside Opgroeien (%)"),
    "referred_outside_pct": ("Doorverwezen buiten Opgroeien (%)", "Referred outside Opgroeien (%)"),
    "referred_any_pct": ("Doorverwezen (%)", "Referred (%)"),
    "no_follow_up": _capital("no_follow_up"),
    "no_follow_up_pct": ("Geen vervolghulp (%)", "No follow-up (%)"),
    "value": _capital("flows_referred"),
    "not_started": ("Niet opgestart", "Not started"),
    "not_started_pct": ("Niet opgestart (%)", "Not started (%)"),
    "minors_not_started": ("Minderjarigen niet opgestart", "Minors not started"),
    "minors_started_later": ("Minderjarigen later opgestart", "Minors started later"),
    "started_later_pct": ("Later opgestart (%)", "Started later (%)"),
    "median_days_to_later_start": ("Mediaan dagen tot de latere start", "Median days to the later start"),
    "with_context_support": _capital("with_support"),
    "context_support_pct": ("Met contextbegeleiding (%)", "With context support (%)"),
    "came_back": LABELS["cohort_back"],
    "came_back_pct": ("Terug in verblijf (%)", "Back in residential care (%)"),
    "went_home": ("Naar huis", "Went home"),
    "back": LABELS["cohort_back"],
    "back_pct": ("Terug in verblijf (%)", "Back in residential care (%)"),
    "back_3m": ("Terug binnen 3 maanden", "Back within 3 months"),
    "back_3m_pct": ("Terug binnen 3 maanden (%)", "Back within 3 months (%)"),
    "back_6m": ("Terug binnen 6 maanden", "Back within 6 months"),
    "back_6m_pct": ("Terug binnen 6 maanden (%)", "Back within 6 months (%)"),
    "back_12m": ("Terug binnen 12 maanden", "Back within 12 months"),
    "back_12m_pct": ("Terug binnen 12 maanden (%)", "Back within 12 months (%)"),
    "waiting": _capital("waiting"),
    "occupied": _capital("occupied"),
    "naar_huis": ("Terug naar huis", "Returned home"),
    "naar_huis_pct": ("Terug naar huis (%)", "Returned home (%)"),
    "index_mean": ("Seizoensindex (gemiddelde)", "Seasonal index (mean)"),
    "index_min": ("Laagste index", "Lowest index"),
    "index_q1": ("Index, eerste kwartiel", "Index, first quartile"),
    "index_median": ("Index, mediaan", "Index, median"),
    "index_q3": ("Index, derde kwartiel", "Index, third quartile"),
    "index_max": ("Hoogste index", "Highest index"),
}


def column_label(column: str, lang: str = "nl", query: str | None = None) -> str | None:
    """The header of a query column in `lang` (None when the map has none)."""
    pair = COLUMN_LABELS.get(f"{query}.{column}") if query else None
    pair = pair or COLUMN_LABELS.get(column)
    if pair is None:
        return None
    return pair[1] if lang == "en" else pair[0]


def text(key: str, lang: str = "nl", **values: object) -> str:
    """The label `key` in `lang`, with `{placeholders}` filled in."""
    nl, en = LABELS[key]
    template = en if lang == "en" else nl
    return template.format(**values) if values else template


def name(mapping: dict[str, tuple[str, str]], code: str, lang: str = "nl") -> str:
    """The display name of a code (region, module, age band, destination)."""
    pair = mapping.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def fmt_int(value: float | int | None, lang: str = "nl") -> str:
    """A count with thousands separators (1.417); '–' when unknown."""
    if value is None:
        return "–"
    return format_decimal(round(value), format="#,##0", locale=_BABEL[lang])


def fmt_count(value: float | int | None, lang: str = "nl") -> str:
    """A protected count: '<10' when it is too small to show (null after protection)."""
    return "<10" if value is None else fmt_int(value, lang)


def fmt_num(value: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """A number with fixed decimals (70,4)."""
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=_BABEL[lang])


def fmt_pct(value: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """A percentage given in percent units (70.4 → '70,4 %')."""
    if value is None:
        return "–"
    return f"{fmt_num(value, lang, decimals)} %" if lang == "nl" else f"{fmt_num(value, lang, decimals)}%"


def month_names(lang: str = "nl", width: str = "wide") -> list[str]:
    """Month names January..December ('abbreviated': jan., feb., … for a narrow axis)."""
    names = get_month_names(width, locale=_BABEL[lang])
    return [names[m] for m in range(1, 13)]


def weekday_names(lang: str = "nl", width: str = "wide") -> list[str]:
    """Weekday names Monday..Sunday (ISO order; 'abbreviated': ma, di, … for a narrow axis)."""
    names = get_day_names(width, locale=_BABEL[lang])
    return [names[d] for d in range(7)]


def fmt_date(value: date, lang: str = "nl") -> str:
    """A date written out (1 maart 2020)."""
    return format_date(value, "d MMMM y", locale=_BABEL[lang])


def join(items: list[str], lang: str = "nl") -> str:
    """Items joined as a sentence writes them ('a, b en c'; 'a, b and c')."""
    return format_list(items, locale=_BABEL[lang]) if items else ""
