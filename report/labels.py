"""The labels of the regional report, the position-paper pack and their buttons (Dutch first, English second).

They live here, not in ui/i18n.py, only while that file is being edited by others; they are meant to
be merged into `ui.i18n.LABELS` (same shape: key -> (Dutch, English)). `text` falls back to the
catalogue for keys it does not hold, so the report reads its page titles and mode notices from the
same place as the dashboard.
"""

from __future__ import annotations

from ui import i18n

LABELS: dict[str, tuple[str, str]] = {
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
    "extension_sentence": (
        "Verlengingsgraad van {module} over {period}: {area_values}.",
        "Extension rate of {module} over {period}: {area_values}.",
    ),
    "within_sentence": (
        "Opgestart binnen 24 uur in {year}: {area_values}.",
        "Started within 24 hours in {year}: {area_values}.",
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
    "row_families": ("Gezinnen gestart met crisishulp aan huis", "Families that started crisis help at home"),
    "row_chah_started": ("Trajecten crisishulp aan huis opgestart", "Crisis help at home started"),
    "row_extended_pct": ("Crisishulp aan huis verlengd (%)", "Crisis help at home extended (%)"),
    "row_not_started": ("Minderjarigen bij wie de start niet lukte", "Minors whose start failed"),
    "row_started_later": ("Van hen later toch opgestart (%)", "Of those, started later after all (%)"),
    "row_within_24h": ("Opgestart binnen 24 uur (%)", "Started within 24 hours (%)"),
    "row_goal": ("Doelen (grotendeels) bereikt (%)", "Goals (largely) reached (%)"),
    "row_placement": ("Uithuisplaatsing geadviseerd", "Out-of-home placement advised"),
    "row_inside": ("Doorverwezen binnen Opgroeien", "Referred inside Opgroeien"),
    "row_outside": ("Doorverwezen buiten Opgroeien", "Referred outside Opgroeien"),
    "row_no_follow_up": ("Afgesloten zonder vervolghulp (%)", "Closed without follow-up (%)"),
    "row_naar_huis": ("Verblijf geëindigd met terug naar huis (%)", "Stay ended with a return home (%)"),
    "row_cohort": (
        "Kinderen in verblijf naar huis tijdens corona",
        "Children in residential care sent home during corona",
    ),
    "row_cohort_back": ("Van hen terug in verblijf (%)", "Of those, back in residential care (%)"),
    # the subjects of the change sentences
    "subj_families": (
        "Het aantal gezinnen dat crisishulp aan huis startte",
        "The number of families that started crisis help at home",
    ),
    "subj_chah_started": (
        "Het aantal opgestarte trajecten crisishulp aan huis",
        "The number of crisis-help-at-home trajectories started",
    ),
    "subj_extended_pct": (
        "De verlengingsgraad van crisishulp aan huis",
        "The extension rate of crisis help at home",
    ),
    "subj_not_started": (
        "Het aantal minderjarigen bij wie crisishulp aan huis niet kon starten",
        "The number of minors whose crisis help at home could not start",
    ),
    "subj_started_later": (
        "Het aandeel van hen dat later toch startte",
        "The share of them that started later after all",
    ),
    "subj_within_24h": ("Het aandeel dat binnen 24 uur startte", "The share that started within 24 hours"),
    "subj_goal": (
        "Het aandeel afgesloten trajecten met doelen (grotendeels) bereikt",
        "The share of closed trajectories with goals (largely) reached",
    ),
    "subj_placement": (
        "Het aantal afgesloten trajecten met een geadviseerde uithuisplaatsing",
        "The number of closed trajectories with an out-of-home placement advised",
    ),
    "subj_inside": (
        "Het aantal trajecten doorverwezen binnen Opgroeien",
        "The number of trajectories referred inside Opgroeien",
    ),
    "subj_outside": (
        "Het aantal trajecten doorverwezen buiten Opgroeien",
        "The number of trajectories referred outside Opgroeien",
    ),
    "subj_no_follow_up": (
        "Het aandeel afgesloten trajecten zonder vervolghulp",
        "The share of closed trajectories without follow-up",
    ),
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
    # definitions of the rows (kerncijfers rows reuse queries.kerncijfers.DEFINITIONS)
    "def_started_later": (
        "Van de minderjarigen bij wie de start niet lukte: het aandeel met een latere aanmelding die wel "
        "startte (query not_started_minors).",
        "Of the minors whose start failed: the share with a later registration that did start (query "
        "not_started_minors).",
    ),
    "def_within_24h": (
        "Van de in het jaar aangemelde en opgestarte trajecten: het aandeel dat binnen 24 uur startte "
        "(opstartdatum min aanmeldingsdatum ten hoogste 1 dag; query time_to_start_yearly).",
        "Of the trajectories registered in the year that started: the share that started within 24 "
        "hours (start date minus registration date at most 1 day; query time_to_start_yearly).",
    ),
    "def_no_follow_up": (
        "Van de in het jaar afgesloten trajecten: het aandeel zonder doorverwijzing en zonder "
        "geadviseerde uithuisplaatsing (query referral_rates).",
        "Of the trajectories closed in the year: the share without a referral and without an advised "
        "placement (query referral_rates).",
    ),
    "def_naar_huis": (
        "Van de verblijven die in de periode eindigden: het aandeel dat eindigde met terug naar huis, "
        "naar coronaperiode van de einddatum (query residential_stay_by_covid_period).",
        "Of the stays that ended in the period: the share that ended with a return home, by corona "
        "period of the end date (query residential_stay_by_covid_period).",
    ),
    "def_cohort": (
        "Unieke kinderen met een indicatie verblijf die tijdens de coronamaatregelen (vanaf 14 maart "
        "2020) naar huis gingen, en het aandeel van hen dat later terug in verblijf kwam (query "
        "residential_covid_cohort_total).",
        "Distinct children with a residential indication who went home during the corona measures "
        "(from 14 March 2020), and the share of them who came back into residential care later (query "
        "residential_covid_cohort_total).",
    ),
    "def_extended_pct": (
        "Van de in de periode opgestarte trajecten crisishulp aan huis: het aandeel waarvan de "
        "standaardtermijn (28 dagen) werd verlengd.",
        "Of the crisis-help-at-home trajectories started in the period: the share whose standard term "
        "(28 days) was extended.",
    ),
    "def_goal": (
        "Van de in het jaar afgesloten ambulante crisistrajecten (crisishulp aan huis, crisisbegeleiding, "
        "crisisinterventie) met een geregistreerde doelrealisatie: het aandeel met doelen bereikt of "
        "grotendeels bereikt.",
        "Of the ambulatory crisis trajectories (crisis help at home, crisis guidance, crisis "
        "intervention) closed in the year with a registered goal attainment: the share with goals reached "
        "or largely reached.",
    ),
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
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    """The label `key` in `lang` (this module's labels first, then the dashboard's catalogue)."""
    if key not in LABELS:
        return i18n.text(key, lang, **values)
    nl, en = LABELS[key]
    template = en if lang == "en" else nl
    return template.format(**values) if values else template
