"""Extraction on articles composed for these tests (never copies of seed sentences)."""

import pytest

from dossier.extract import Extractor
from dossier.model import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ex():
    return Extractor()


def run(ex, text, published="2025-05-12"):
    r = ex.process([Document(id="d", source="d", text=text, published=published)])[0]
    names = {e.id: e for e in r.entities}
    out = []
    for f in r.facts:
        roles = {k: sorted(names[i].country or names[i].name for i in v) for k, v in f.roles.items()}
        out.append((f, roles))
    return out, r


CASES = [
    # text, published, type, status, roles (subset, by country), amount (value, currency, qualifier) or None
    ("Germany will deliver four more IRIS-T SLM air defence systems to Ukraine by the end of 2025, the defence "
     "minister said.", "2025-06-10", "aid", "planned", {"donor": ["DE"], "recipient": ["UA"]}, None),
    ("Denmark has pledged DKK 2.4 billion in military aid to Ukraine.", "2024-11-05", "aid", "planned",
     {"donor": ["DK"], "recipient": ["UA"]}, (2.4e9, "DKK", "exact")),
    ("Japan has provided more than $4.5 billion in financial assistance to Ukraine since 2022.", "2024-03-03", "aid",
     "completed", {"donor": ["JP"], "recipient": ["UA"]}, (4.5e9, "USD", "more_than")),
    ("Ukraine received the first batch of Leopard 1 tanks from Denmark last week.", "2023-05-05", "aid", "completed",
     {"donor": ["DK"], "recipient": ["UA"]}, None),
    ("Estonia and Latvia agreed to jointly procure air defence systems worth up to €1 billion.", "2025-04-15",
     "procurement", "agreed", {"buyer": ["EE", "LV"]}, (1e9, "EUR", "up_to")),
    ("Sweden is considering buying more CV90 infantry fighting vehicles from Finland.", "2025-01-20",
     "procurement", "discussed", {"buyer": ["SE"]}, None),
    ("The United States approved the sale of 32 F-35 fighter jets to Romania for $7.2 billion.", "2023-09-14",
     "procurement", "agreed", {"buyer": ["RO"], "supplier": ["US"]}, (7.2e9, "USD", "exact")),
    ("Poland signed a memorandum of understanding with Norway on joint ammunition production.", "2024-08-20",
     "agreement", "agreed", {"parties": ["NO", "PL"]}, None),
    ("Rheinmetall will build an ammunition plant in Lithuania that should open in 2026.", "2024-06-01",
     "production", "planned", {"location": ["LT"]}, None),
    ("Latvia plans to raise defence spending to 5% of gross domestic product next year.", "2025-02-14",
     "spending_target", "planned", {"country": ["LV"]}, None),
    ("French President Emmanuel Macron met Ukraine's President Volodymyr Zelensky in Paris on Monday.", "2025-05-12",
     "meeting", "completed", {"participants": ["FR", "UA"]}, None),
    ("In March 2025, Norway withdrew from the convention banning anti-personnel mines.", "2025-06-01",
     "policy", "completed", {"actor": ["NO"]}, None),
    ("Canada is in talks with South Korea about the purchase of submarines.", "2025-08-01",
     "procurement", "discussed", {"buyer": ["CA"]}, None),
    ("Sweden's 18th military aid package to Ukraine, worth SEK 13.5 billion, includes artillery shells.", "2024-10-20",
     "aid", "completed", {"donor": ["SE"], "recipient": ["UA"]}, (13.5e9, "SEK", "exact")),
    ("The UK will provide £1.6 billion to buy air defence missiles for Ukraine, the prime minister said.", "2025-03-03",
     "aid", "planned", {"donor": ["GB"], "recipient": ["UA"]}, (1.6e9, "GBP", "exact")),
    ("Kyiv has received the first F-16 fighter jets from the Netherlands.", "2024-08-01",
     "aid", "completed", {"donor": ["NL"], "recipient": ["UA"]}, None),
    ("Poland and Ukraine are discussing the possibility of jointly producing ammunition in Rzeszow.", "2025-07-15",
     "production", "discussed", {"producer": ["PL", "UA"]}, None),
]


@pytest.mark.parametrize("text,pub,ftype,status,roles,amount", CASES)
def test_composed_fact(ex, text, pub, ftype, status, roles, amount):
    facts, _ = run(ex, text, pub)
    cands = [(f, r) for f, r in facts if f.type == ftype]
    assert cands, [(f.type, r) for f, r in facts]
    f, r = cands[0]
    assert f.status == status
    for role, want in roles.items():
        assert set(want) <= set(r.get(role, [])), (role, r)
    if amount:
        assert (f.amount.value, f.amount.currency, f.amount.qualifier) == amount
    assert text[f.evidence.start:f.evidence.end] == f.evidence.text


def test_share_of_gdp_as_aid_is_not_a_spending_target(ex):
    facts, _ = run(ex, "Finland has given Ukraine weapons worth €2 billion and pledged to contribute 0.25% of its "
                       "GDP in military assistance every year.")
    types = {(f.type, f.share_of_gdp) for f, _ in facts}
    assert ("aid", 0.0025) in types and not any(t == "spending_target" for t, _ in types)


def test_date_and_eur_conversion(ex):
    facts, _ = run(ex, "Norway signed a contract worth NOK 4.2 billion for air defence systems in October.",
                   "2024-11-05")
    f = facts[0][0]
    assert f.date == "2024-10"
    assert f.amount.currency == "NOK" and 300e6 < f.amount_eur < 400e6


def test_two_shares_of_gdp_in_one_sentence(ex):
    facts, _ = run(ex, "Estonia spends 3.2% of its GDP on defence this year and plans to reach 4% by 2027.", "2025-04-01")
    got = sorted((f.share_of_gdp, f.status, f.date) for f, _ in facts if f.type == "spending_target")
    assert got == [(0.032, "completed", "2025"), (0.04, "planned", "2027")]


def test_partitive_sum_and_contract_as_instrument(ex):
    facts, _ = run(ex, "Part of the funding, about €90 million, will go to Ukrainian companies.")
    assert [(f.type, f.amount.value, r.get("recipient")) for f, r in facts] == [("funding", 90e6, ["UA"])]
    facts, _ = run(ex, "Lithuania will purchase radars from France under a contract worth €40 million.")
    assert [(f.type, f.amount.value) for f, _ in facts] == [("procurement", 40e6)]


def test_running_total_keeps_the_donor(ex):
    facts, _ = run(ex, "Finland's 25th defence materiel package to Ukraine is worth €198 million, bringing its total "
                       "military aid to €2.5 billion.")
    got = sorted((f.amount.value, r.get("donor"), r.get("recipient")) for f, r in facts if f.type == "aid")
    assert got == [(198e6, ["FI"], ["UA"]), (2.5e9, ["FI"], ["UA"])]


def test_lender_is_not_the_producer(ex):
    facts, _ = run(ex, "The European Investment Bank will lend €500 million to Poland to expand ammunition production.")
    assert [(f.type, f.amount.value, r.get("recipient")) for f, r in facts] == [("funding", 500e6, ["PL"])]


@pytest.mark.parametrize("text", [
    "Washington concluded that the settlements were legal, the secretary of state said.",
    "Poland did not sign the agreement with Germany.",
    "There is no deal between France and Italy on the frigates.",
    "NASA chose to receive bids from two companies worth $2.6 billion.",
    "The startup was once a key part of Microsoft's cloud strategy.",
    "Sign up for the Disney+ package and save $5 a month.",
])
def test_non_facts(ex, text):
    facts, _ = run(ex, text)
    assert facts == [], [(f.type, r) for f, r in facts]


def test_conditional_is_discussed(ex):
    facts, _ = run(ex, "Tariffs will rise if a trade agreement with China is not signed. If Norway signs a contract "
                       "with Sweden for radars, deliveries start next year.")
    assert [(f.type, f.status) for f, _ in facts] == [("agreement", "discussed")]


def test_meeting_topic_is_not_a_fact(ex):
    facts, _ = run(ex, "Ukraine's President Volodymyr Zelensky met Danish Prime Minister Mette Frederiksen in "
                       "Copenhagen to discuss drone production.")
    assert [f.type for f, _ in facts] == ["meeting"]


def test_reporting_weekday_is_in_the_past(ex):
    facts, _ = run(ex, "Norway will send 10 more howitzers to Ukraine, the minister said on Sunday.", "2025-03-03")
    assert facts[0][0].date == "2025-03-02"


def test_restatement_is_one_fact(ex):
    text = ("Spain has sent 20 Leopard tanks to Ukraine.\n\nThe tanks were sent last month.\n\n"
            "Spain has sent 20 Leopard tanks to Ukraine, the ministry confirmed.")
    facts, _ = run(ex, text)
    assert len([f for f, _ in facts if f.type == "aid"]) == 1


def test_no_fact_from_a_description(ex):
    facts, _ = run(ex, "Its centralized drone production gives the country a significant advantage on the battlefield.")
    assert facts == []


def test_people_titles_and_diacritics(ex):
    _, r = run(ex, "Lithuania's Minister of Economy Aušrinė Armonaitė met Estonian Defence Minister Hanno Pevkur. "
                   "Armonaitė said the talks went well.")
    people = {e.name: e for e in r.entities if e.type == "person"}
    assert "Aušrinė Armonaitė" in people and people["Aušrinė Armonaitė"].country == "LT"
    assert people["Hanno Pevkur"].country == "EE"
    roles = {m.text: m.role for m in r.mentions if m.type == "person"}
    assert roles["Aušrinė Armonaitė"] == "Minister of Economy"
    assert sum(1 for m in r.mentions if m.entity == people["Aušrinė Armonaitė"].id) == 2


def test_equipment_not_taken_for_people_or_organisations(ex):
    _, r = run(ex, "The package includes Carl Gustaf recoilless rifles, RDX and UAVs for the Estonian army.")
    types = {m.text: m.type for m in r.mentions}
    assert types.get("Carl Gustaf recoilless rifles") == "equipment"
    assert all(t != "person" for t in types.values())


# -- issue 9: types settled by roles, gapped lists, currencies, totals to date, date sources ---------------------
TYPED = [
    ("Norway allocated a new package of military aid to Ukraine worth NOK 500 million.", "aid", "NO", "UA"),
    ("The Romanian Ministry of Defence contracted with Rheinmetall to supply 40 Lynx infantry fighting vehicles.",
     "procurement", "RO", None),
    ("The Cabinet of Ministers allocated another 2 billion hryvnias for the purchase of drones.", "procurement",
     None, None),
    ("Hanwha Systems will supply radars to Poland under the deal.", "procurement", None, "PL"),
]


@pytest.mark.parametrize("text,ftype,first,second", TYPED)
def test_type_settled_by_roles(ex, text, ftype, first, second):
    facts, _ = run(ex, text, "2025-03-03")
    assert ftype in {f.type for f, _ in facts}, [(f.type, r) for f, r in facts]
    f, roles = next((f, r) for f, r in facts if f.type == ftype)
    role_a, role_b = {"aid": ("donor", "recipient"), "procurement": ("buyer", "buyer")}[ftype]
    if first:
        assert first in roles.get(role_a, [])
    if second:
        assert second in roles.get(role_b, [])


def test_gapped_list_gives_one_fact_per_giver(ex):
    facts, _ = run(ex, "Ukraine will receive €40 million from Norway and €15 million from Finland for demining.")
    by_amount = {f.amount.value: r for f, r in facts if f.amount}
    assert by_amount[40e6]["donor"] == ["NO"] and by_amount[15e6]["donor"] == ["FI"]
    facts, _ = run(ex, "For the coalition, Estonia allocated €4 million, and Lithuania at least €6 million, to Ukraine.")
    by_amount = {f.amount.value: r for f, r in facts if f.amount}
    assert by_amount[4e6]["donor"] == ["EE"] and by_amount[6e6]["donor"] == ["LT"]


def test_crowns_follow_the_country_and_conversion_is_one_amount(ex):
    facts, _ = run(ex, "Danish donations continue. Denmark will give 900 million kroner (€120 million) to Ukraine.")
    amounts = [(f.amount.value, f.amount.currency) for f, _ in facts if f.amount]
    assert amounts == [(900e6, "DKK")]


def test_total_to_date_is_cumulative_and_dates_say_their_source(ex):
    facts, _ = run(ex, "Portugal has so far provided €250 million in military aid to Ukraine. "
                       "Portugal will send 20 more armoured vehicles to Ukraine in March 2026.", "2025-10-01")
    total = next(f for f, _ in facts if f.amount)
    assert total.cumulative and total.date == "2025-10-01" and total.date_source == "publication"
    later = next(f for f, _ in facts if not f.amount)
    assert not later.cumulative and later.date == "2026-03" and later.date_source == "stated"


def test_meeting_a_need_is_no_meeting(ex):
    facts, _ = run(ex, "Austria will buy new helicopters to meet the needs of its army.")
    assert "meeting" not in {f.type for f, _ in facts}


def test_dateline_is_not_the_subject(ex):
    facts, _ = run(ex, "OSLO (Reuters) — Norway and Sweden signed an agreement on Friday to jointly develop a new "
                       "air defence radar.")
    parties = next(r for f, r in facts if f.type in ("agreement", "production"))
    assert "NO" in str(parties) and "SE" in str(parties), facts


def test_contract_signed_to_buy_is_one_agreed_procurement(ex):
    facts, _ = run(ex, "Belgium signed a contract to buy 12 NASAMS launchers from Norwegian firm Kongsberg for "
                       "€400 million.")
    types = [f.type for f, _ in facts]
    assert types.count("procurement") == 1 and "agreement" not in types, types
    f, roles = next((f, r) for f, r in facts if f.type == "procurement")
    assert f.status == "agreed" and roles["buyer"] == ["BE"] and "NO" in roles["supplier"]


def test_priced_plant_is_also_funding(ex):
    facts, _ = run(ex, "Slovakia and Rheinmetall announced a €300 million project to build an explosives factory "
                       "in Trnava.")
    by_type = {f.type: (f, r) for f, r in facts}
    assert "production" in by_type and by_type["production"][0].amount is None
    funding, roles = by_type["funding"]
    assert funding.amount.value == 3e8 and "SK" in roles["funder"]


def test_region_word_picks_countries_of_that_region(ex):
    facts, _ = run(ex, "Germany hosted the meeting. Lithuania and Estonia met Germany, and the two Baltic nations "
                       "later pledged €50 million in military aid to Ukraine.")
    aid = next(r for f, r in facts if f.type == "aid")
    assert aid["donor"] == ["EE", "LT"], aid


def test_talks_held_are_a_completed_meeting(ex):
    facts, _ = run(ex, "The Czech defence minister held talks with his Polish counterpart in Warsaw on Monday.")
    meeting = next(f for f, _ in facts if f.type == "meeting")
    assert meeting.status == "completed"


def test_contract_that_provides_for_a_purchase_is_the_purchase(ex):
    facts, _ = run(ex, "The €90 million contract will see Slovenia buy four radars from Sweden.")
    f, roles = next((f, r) for f, r in facts if f.type == "procurement")
    assert f.amount.value == 9e7 and f.status == "agreed" and roles["buyer"] == ["SI"]


def test_town_takes_the_region_written_after_it():
    from dossier.extract.mentions import _places_in_named_countries, Found
    text = "built in Victoria, Brasov County"
    found = [Found(9, 17, "Victoria", "place", "place:victoria", "HK", source="ner"),
             Found(19, 31, "Brasov County", "place", "place:brasov county", None, source="ner")]
    _places_in_named_countries(text, found)
    assert found[0].country == "RO"


@pytest.mark.parametrize("text,ftype,status", [
    ("Norway ordered 12 K9 howitzers from Hanwha in March 2023.", "procurement", "agreed"),
    ("Spain will finance drones manufactured in Ukraine.", "production", "planned"),
    ("Denmark and Ukraine signed a memorandum which includes Danish investment in Ukrainian plants.", "funding",
     "planned"),
])
def test_status_of_orders_participles_and_what_documents_provide(ex, text, ftype, status):
    facts, _ = run(ex, text, "2024-05-02")
    f = next(f for f, _ in facts if f.type == ftype)
    assert f.status == status


def test_definite_alias_and_national_bodies_resolve(ex):
    _, r = run(ex, "NATO ministers met in Brussels. The alliance agreed that the Swedish parliament, the Riksdag, and "
                   "the German armed forces would be briefed.")
    by_form = {}
    for m in r.mentions:
        by_form[m.text.lower()] = m.entity
    assert by_form["the alliance"] == by_form["nato"]
    assert by_form["swedish parliament"] == by_form["riksdag"]
    assert "german armed forces" in by_form


def test_meeting_noun_naming_who_met_is_a_meeting(ex):
    facts, _ = run(ex, "Romania will send more shells, the Romanian president said after a meeting with Polish "
                       "President Andrzej Duda.", "2024-02-02")
    meeting, roles = next((f, r) for f, r in facts if f.type == "meeting")
    assert "PL" in roles["participants"] and meeting.status == "completed"
    facts, _ = run(ex, "The firm's story began with a meeting with investors.")
    assert "meeting" not in {f.type for f, _ in facts}


def test_parts_of_a_package_take_the_documents_giver_and_receiver(ex):
    facts, _ = run(ex, "Sweden will give SEK 2 billion in military aid to Ukraine. The first part is budget support "
                       "of SEK 300 million. A further SEK 500 million will be provided next year.")
    parts = {f.amount.value: r for f, r in facts if f.type == "aid" and f.amount}
    assert parts[3e8] == {"donor": ["SE"], "recipient": ["UA"]} and parts[5e8]["donor"] == ["SE"]
    facts, _ = run(ex, "A sum of SEK 300 million will be provided next year.")
    assert not [f for f, _ in facts if f.type == "aid"]


@pytest.mark.parametrize("text,ftype,roles", [
    ("The Pentagon awarded Raytheon a $900 million contract to produce Patriot interceptors.", "procurement",
     {"buyer": ["US"], "supplier": ["US"]}),
    ("The Pentagon awarded Raytheon a $900 million contract to produce Patriot interceptors.", "production",
     {"producer": ["US"]}),
    ("Saab has been awarded a SEK 1 billion contract by the Swedish Defence Materiel Administration to build two "
     "submarines.", "production", {"producer": ["SE"]}),
    ("Nammo won a NOK 800 million order from the Norwegian army for artillery shells.", "procurement",
     {"supplier": ["NO"], "buyer": ["NO"]}),
    ("Poland's PGZ signed a deal worth 3 billion zlotys to supply Piorun missiles to Estonia.", "procurement",
     {"supplier": ["PL"], "buyer": ["EE"]}),
    ("The State Department approved a Foreign Military Sale to Greece of 30 F-35 jets worth $8.6 billion.",
     "procurement", {"buyer": ["GR"]}),
])
def test_awards_orders_won_and_firms_that_supply(ex, text, ftype, roles):
    facts, _ = run(ex, text, "2024-06-01")
    got = [r for f, r in facts if f.type == ftype]
    assert got, [(f.type, r) for f, r in facts]
    for role, want in roles.items():
        assert set(want) <= set(got[0].get(role, [])), got


def test_a_designation_is_not_a_person(ex):
    _, r = run(ex, "India ordered 100 K9 Vajra howitzers. The minister met his Korean counterpart.")
    assert not [m for m in r.mentions if m.type == "person" and "Vajra" in m.text]


def test_object_control_and_plant_output(ex):
    facts, _ = run(ex, "Sweden persuaded Germany to send more Taurus missiles to Ukraine.")
    aid = [r for f, r in facts if f.type == "aid"]
    assert aid and aid[0]["donor"] == ["DE"], facts
    facts, _ = run(ex, "Officials opened a facility that will supply rocket fuel to Ukraine.")
    assert "aid" not in {f.type for f, _ in facts}


@pytest.mark.parametrize("text,ftype,roles", [
    ("Norway announced NOK 600 million in new military assistance for Ukraine.", "aid",
     {"donor": ["NO"], "recipient": ["UA"]}),
    ("Romania's defence ministry signed a €900 million contract with Rheinmetall for Lynx vehicles.", "procurement",
     {"buyer": ["RO"], "supplier": ["DE"]}),
    ("The Dutch government will spend €2 billion on new air defence systems.", "procurement", {"buyer": ["NL"]}),
    ("The Dutch government will spend €20 million on drones for Ukraine.", "aid", {"donor": ["NL"]}),
])
def test_sums_in_aid_contracts_with_firms_and_spending_on_goods(ex, text, ftype, roles):
    facts, _ = run(ex, text, "2024-06-01")
    got = [r for f, r in facts if f.type == ftype]
    assert got, [(f.type, r) for f, r in facts]
    for role, want in roles.items():
        assert set(want) <= set(got[0].get(role, [])), got


@pytest.mark.parametrize("text,ftype,status", [
    ("Lithuania's defence minister on Monday approved a framework deal to buy 200 Piorun launchers.", "procurement",
     "agreed"),
    ("Austria will buy more shells, the chancellor said after a meeting with Czech President Petr Pavel.",
     "meeting", "completed"),
    ("A document was signed on the joint production of drones with Danish companies.", "production", "planned"),
])
def test_status_of_approved_deals_past_meetings_and_signed_plans(ex, text, ftype, status):
    facts, _ = run(ex, text, "2024-06-03")
    f = next((f for f, _ in facts if f.type == ftype), None)
    assert f is not None and f.status == status, [(f.type, f.status) for f, _ in facts]


@pytest.mark.parametrize("text,ftype,roles,status", [
    ("The Greek Navy took delivery of two frigates built by Naval Group.", "procurement",
     {"buyer": ["GR"], "supplier": ["FR"]}, "completed"),
    ("Hanwha Aerospace received a $300 million order from Estonia.", "procurement", {"supplier": ["KR"]}, "agreed"),
    ("The Danish Ministry of Defence said it will buy eight Archer howitzers from BAE Systems.", "procurement",
     {"buyer": ["DK"]}, "planned"),
])
def test_deliveries_taken_orders_received_and_what_it_will_do(ex, text, ftype, roles, status):
    facts, _ = run(ex, text, "2024-06-01")
    got = [(f, r) for f, r in facts if f.type == ftype]
    assert got, [(f.type, r) for f, r in facts]
    f, r = got[0]
    assert f.status == status and all(set(v) <= set(r.get(k, [])) for k, v in roles.items()), (f.status, r)


def test_joint_venture_selection_and_investment_in_own_industry(ex):
    facts, _ = run(ex, "Saab and Poland's PGZ formed a joint venture to produce Carl-Gustaf launchers in Poland.")
    assert "policy" not in {f.type for f, _ in facts}
    facts, _ = run(ex, "The Swedish army has selected Hensoldt to develop a new air defence radar.")
    prod = [r for f, r in facts if f.type == "production"]
    assert prod and prod[0]["producer"] == ["DE"], facts  # Hensoldt develops it, not the army
    facts, _ = run(ex, "The Finnish government announced a €200 million investment in ammunition production.")
    funding = [r for f, r in facts if f.type == "funding"]
    assert funding and funding[0]["recipient"] == ["FI"], facts


def test_share_two_sentences_after_gdp_and_agency_dateline(ex):
    facts, _ = run(ex, "(Reuters) — Portugal's prime minister announced a plan to reach 2% of GDP on defence by 2026.\n\n"
                       "It is a big change for Lisbon. Last year, Portugal spent only 1.5%.", "2025-04-01")
    shares = {f.share_of_gdp: r for f, r in facts if f.type == "spending_target"}
    assert shares.get(0.015) == {"country": ["PT"]} and 0.02 in shares, shares


def test_inaugurated_plant_member_states_and_small_towns(ex):
    facts, r = run(ex, "Czechia welcomes the investment. The Czech group CSG has inaugurated a new shell plant in "
                       "Hlinsko, Pardubice Region, its largest in Europe. NATO member Czechia signed a letter of "
                       "intent with Rheinmetall.", "2024-08-27")
    prod = [r for f, r in facts if f.type == "production"]
    assert prod and prod[0]["location"] == ["CZ"], facts
    agreement = [r for f, r in facts if f.type == "agreement"]
    assert agreement and "NATO" not in str(agreement), agreement
    assert not [m for m in r.mentions if m.text == "Europe" and m.country]


@pytest.mark.parametrize("text,status", [
    ("Finland's defence forces logistics command has entered into an agreement with the defence company Patria.",
     "agreed"),
    ("Saab and Germany's Diehl formally unveiled a new joint venture on Tuesday to develop radars.", "agreed"),
    ("A statement of intent was signed in May by Latvia and Estonia.", "agreed"),
])
def test_agreements_entered_joint_ventures_and_statements_of_intent(ex, text, status):
    facts, _ = run(ex, text, "2024-06-01")
    f = next((f for f, _ in facts if f.type == "agreement"), None)
    assert f is not None and f.status == status, [(f.type, f.status) for f, _ in facts]


def test_attribution_after_a_quote_and_a_contract_signing(ex):
    facts, _ = run(ex, "\"This is a good day for both countries,\" Tusk said at a joint press conference with "
                       "Czech Prime Minister Petr Fiala in Warsaw.", "2024-06-01")
    meeting = [r for f, r in facts if f.type == "meeting"]
    assert meeting and "CZ" in meeting[0]["participants"], facts
    facts, _ = run(ex, "Archer howitzers will arrive in Norway this year following the signing of a contract with "
                       "Norway, Sweden and BAE Systems in Stockholm on 3 May 2024.", "2024-06-01")
    f, roles = next((f, r) for f, r in facts if f.type == "procurement")
    assert f.status == "agreed" and "NO" in roles["buyer"] and roles["supplier"] == ["GB"], (f.status, roles)


def test_what_the_agreement_provides_and_named_appositions(ex):
    facts, _ = run(ex, "Sweden's defence materiel administration has entered into an agreement with the defence "
                       "company Saab that paves the way for more missile production. The agreement provides funding "
                       "of more than SEK 2 billion.", "2024-07-09")
    agreement = next(r for f, r in facts if f.type == "agreement")
    assert "SE" in agreement["parties"]
    f, roles = next((f, r) for f, r in facts if f.type == "funding")
    assert f.amount.value == 2e9 and f.status == "agreed" and "SE" in roles["funder"] and roles["recipient"] == ["SE"]


def test_its_after_the_company_said_is_the_firm(ex):
    # the clause's subject is a description ("the company") of a firm named before: "its" is that firm, not the
    # last country the text named
    facts, _ = run(ex, "Hanwha Aerospace will build a plant in Poland. Demand has soared since Russia invaded "
                       "Ukraine.\n\nThe company said most of its planned investment, 300 million euros, would go "
                       "into new lines in Romania.", "2025-03-01")
    funding = [r for f, r in facts if f.type == "funding" and f.amount and f.amount.value == 3e8]
    assert funding and funding[0]["funder"] == ["KR"], facts


@pytest.mark.parametrize("worth", ["The contract is worth $300 million.", "The deal, worth $300 million, includes "
                                   "training and spare parts."])
def test_the_deal_worth_a_sum_prices_the_deal_told_before(ex, worth):
    facts, _ = run(ex, "Poland has ordered K2 tanks from Hyundai Rotem. Deliveries start in 2026, the ministry "
                       f"said. {worth}", "2025-03-01")
    buys = [(f, r) for f, r in facts if f.type == "procurement"]
    assert len(buys) == 1 and buys[0][0].amount and buys[0][0].amount.value == 3e8, facts
    assert buys[0][1]["buyer"] == ["PL"]


def test_built_by_a_firm_is_production_whatever_the_subject(ex):
    facts, _ = run(ex, "Romania will buy two submarines. These will be built by Naval Group in Cherbourg.",
                   "2025-03-01")
    prod = [r for f, r in facts if f.type == "production"]
    assert prod and prod[0]["producer"] == ["FR"], facts
    facts, _ = run(ex, "The plan was developed by the ministry of defence of Estonia.", "2025-03-01")
    assert not [f for f, _ in facts if f.type == "production"], facts


def test_an_agency_of_an_international_body_brings_the_body_into_its_roles(ex):
    facts, r = run(ex, "Diehl Defence has received a €900 million contract from the NATO Support and Procurement "
                       "Agency for IRIS-T missiles.", "2025-03-01")
    buys = [f for f, _ in facts if f.type == "procurement"]
    assert buys, facts
    names = {e.name for e in r.entities if e.id in buys[0].roles.get("buyer", [])}
    assert names == {"NATO", "NATO Support and Procurement Agency"}, names


@pytest.mark.parametrize("text,aid", [
    ("The Netherlands said it would support Ukraine with 40,000 artillery shells.", True),
    ("The US will help Kyiv with 50 Patriot missiles.", True),
    ("France backed the proposal with enthusiasm.", False),
    ("Italy will support the reform with its votes.", False),
])
def test_support_or_help_with_goods_is_aid(ex, text, aid):
    facts, _ = run(ex, text, "2025-03-01")
    gifts = [r for f, r in facts if f.type == "aid"]
    assert bool(gifts) == aid, facts
    if aid:
        assert gifts[0]["recipient"] == ["UA"] and gifts[0]["donor"] in (["NL"], ["US"]), gifts


@pytest.mark.parametrize("text,production", [
    ("Russia has repeatedly struck arms factories in Ukraine.", False),
    ("The ministers met in Unterluess, where Rheinmetall has a factory.", False),
    ("Spain bought 20 NASAMS launchers produced by Kongsberg.", False),
    ("Kongsberg will produce NASAMS launchers in Poland.", True),
    ("Rheinmetall will build an ammunition factory in Romania.", True),
])
def test_factories_owned_or_attacked_and_origins_are_no_production(ex, text, production):
    facts, _ = run(ex, text, "2025-03-01")
    assert bool([f for f, _ in facts if f.type == "production"]) == production, facts


@pytest.mark.parametrize("text,production", [
    ("Nammo aims to reach an annual capacity of 200,000 artillery shells by 2026.", True),
    ("Hanwha will double its monthly production rate of K9 howitzers.", True),
    ("Lithuania will strengthen its air defence capacity.", False),
])
def test_output_capacity_and_multiplied_rates_are_production(ex, text, production):
    facts, _ = run(ex, text, "2025-03-01")
    assert bool([f for f, _ in facts if f.type == "production"]) == production, facts


def test_a_sum_under_the_deal_as_subject_prices_the_deal(ex):
    facts, _ = run(ex, "Slovakia signed an agreement with Sweden to purchase CV90 vehicles. The agreement was signed in "
                       "Bratislava and involved what officials said was the overall sale of 1.3 billion euros worth "
                       "of vehicles.", "2025-03-01")
    buys = [f for f, _ in facts if f.type == "procurement"]
    assert len(buys) == 1 and buys[0].amount and buys[0].amount.value == 1.3e9, facts
    assert not [f for f, _ in facts if f.type == "policy" and f.amount], facts


def test_a_sum_of_investment_without_parties_takes_those_of_the_plant_investments(ex):
    # the named investments get their recipient from the plant's place (implicit_recipients) before the sum
    # without parties copies them (implicit_parties)
    facts, _ = run(ex, "Rheinmetall will build a powder factory in Romania. The total value of the investment amounts "
                       "to approximately half a billion euros. Rheinmetall and the Romanian side will invest 400 "
                       "million euros.", "2025-03-01")
    half = [r for f, r in facts if f.type == "funding" and f.amount and f.amount.value == 5e8]
    assert half and half[0]["recipient"] == ["RO"], facts


def test_what_an_investment_amounts_to_is_planned_aid_totals_stay_completed(ex):
    facts, _ = run(ex, "Rheinmetall will build a powder factory in Romania. The total value of the investment amounts "
                       "to approximately half a billion euros. Rheinmetall and the Romanian side will invest 400 "
                       "million euros.", "2025-03-01")
    half = [f for f, _ in facts if f.type == "funding" and f.amount and f.amount.value == 5e8]
    assert half and half[0].status == "planned", facts
    facts, _ = run(ex, "Lithuania's military aid to Ukraine amounts to more than 700 million euros.", "2025-03-01")
    aid = [f for f, _ in facts if f.type == "aid"]
    assert aid and aid[0].status == "completed", facts


@pytest.mark.parametrize("text", [
    # a verb whose object is not of its fact's kind (data/trigger_objects.tsv)
    "Several defence companies were found hosting Russian government websites, army officials said.",
    "Ukrainian air defence units joined the fight against the drones near Kharkiv.",
    "The army's radio station adopts a liberal perspective on military affairs.",
    "The missile factory also serves to produce hydroelectric power for the region's army bases.",
    "More than 40 members of the military coalition will assemble in Brussels to review the campaign.",
    "Two army officers signed false certifications about the ammunition stocks.",
    "The defence secretary flew to visit U.S. service members at an airfield in northern Iraq.",
    # what English says with fact words and no analyst records
    "The coalition's defence ministers regularly meet to coordinate their military support for Ukraine.",
    "Two soldiers of the army met again this week, their commander said.",
    "The secretary said a strong U.S.-Iraq defence partnership is critical to defeat the militants.",
    "With that redesign of its tanks, the army made a big deal about crew protection.",
    "The forces fund established by the United Nations supports the army's soldiers.",
    "The French anti-air frigate Forbin joined a U.S. naval task force in the Gulf.",
    "Neither the House nor the Senate have provided the $1.6 billion in military aid Ukraine requested.",
])
def test_fact_words_in_ordinary_english_are_no_facts(ex, text):
    facts, _ = run(ex, text)
    assert facts == [], [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,ftype", [
    ("Lithuania and Ukraine signed an LOI on the joint production of drones.", "agreement"),
    ("Latvia joined the drone coalition led by the United Kingdom.", "policy"),
    ("Estonia will establish a new air defence battalion next year.", "policy"),
    ("Poland hosted a meeting of the defence ministers of the Baltic states.", "meeting"),
    ("The German defence minister visited the Rheinmetall plant in Unterluess.", "meeting"),
    ("Spain will finance drones manufactured in Ukraine.", "production"),
    ("Nammo will produce 155 mm shells in Norway from 2026.", "production"),
])
def test_fact_verbs_with_objects_of_their_kind_still_count(ex, text, ftype):
    facts, _ = run(ex, text)
    assert ftype in [f.type for f, _ in facts], [(f.type, r) for f, r in facts]


def test_a_document_not_about_defence_yields_no_facts(ex):
    # long enough to show its topic, and never about defence: shopping deals and a record contract
    text = ("Black Friday deals have gone live early this year. One of the best deals is a bundle of a games console "
            "and two games. Amazon has the best deal on the headphones, $50 off the usual price. The retailer signed "
            "a deal with the label. Shoppers bought more gadgets than last year. The singer signed a new record deal "
            "with Universal Music Group worth $100 million. Prices on laptops fell by a fifth. Several stores will "
            "open at midnight. Delivery is free on orders over $35. Returns are accepted until January.")
    facts, _ = run(ex, text)
    assert facts == [], [(f.type, r) for f, r in facts]
    # the same kind of deal in a text about defence is a fact
    facts, _ = run(ex, text.replace("The singer signed a new record deal with Universal Music Group worth $100 "
                                    "million.", "The Polish defence ministry signed a deal with Hanwha Aerospace for "
                                                "K9 howitzers worth $100 million for the army."))
    assert any("PL" in sum(r.values(), []) for _, r in facts), [(f.type, r) for f, r in facts]


def test_we_in_a_quote_is_the_speakers_country(ex):
    facts, _ = run(ex, "The Slovak defence minister Robert Kalinak spoke after the parade. \"We will raise our defence "
                       "budget to 2.5% of GDP in 2027,\" Kalinak said.", "2025-09-01")
    assert [(f.type, f.share_of_gdp, r["country"]) for f, r in facts] == [("spending_target", 0.025, ["SK"])], facts
    # the speaker named sentences before the quote ends: "she said"
    facts, _ = run(ex, "Finnish Defence Minister Antti Hakkanen visited the shipyard. \"Finland spends 2.4% of GDP on "
                       "defence. And we plan to reach 3% of GDP on defence by 2029,\" he said.", "2025-09-01")
    assert ("spending_target", 0.03, ["FI"]) in [(f.type, f.share_of_gdp, r.get("country")) for f, r in facts], facts


@pytest.mark.parametrize("text,countries,share", [
    ("Spain will finally meet NATO's 2% target this year, the Spanish prime minister said.", ["ES"], 0.02),
    ("Germany has met the two percent target for the first time, the German defence ministry said.", ["DE"], 0.02),
    ("The Baltic states have pledged to raise defence spending to 5% of GDP.", ["EE", "LT", "LV"], 0.05),
    ("The government approved a defence budget equal to 2.4 per cent of GDP, the Finnish finance ministry said.",
     ["FI"], 0.024),
])
def test_spending_targets_as_news_states_them(ex, text, countries, share):
    facts, _ = run(ex, text)
    assert [(r["country"], f.share_of_gdp) for f, r in facts if f.type == "spending_target"] == [(countries, share)], \
        [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,expected", [
    # who pays for a plant does not make what it makes
    ("The European Investment Bank approved a €100 million loan to Czechoslovak Group for an ammunition plant.",
     {("funding", "recipient", "CZ"), ("production", "producer", "CZ")}),
    # a sum awarded is a grant; a sum awarded for equipment is a purchase
    ("The European Commission awarded €500 million under ASAP to boost ammunition production in Europe.",
     {("funding", "funder", "European Commission")}),
    ("The Pentagon awarded Raytheon $1.2 billion for AMRAAM missiles.", {("procurement", "supplier", "US")}),
    # an agreement on joint procurement is between buyers; a signer that buys "with Germany" buys from it
    ("Finland and Sweden signed an agreement with Norway on joint procurement of ammunition.",
     {("agreement", "parties", "NO")}),
    ("Estonia and Latvia signed an agreement with Germany to purchase IRIS-T air defence systems.",
     {("procurement", "buyer", "EE"), ("procurement", "supplier", "DE")}),
])
def test_who_pays_who_makes_who_buys(ex, text, expected):
    facts, _ = run(ex, text)
    got = {(f.type, role, v) for f, r in facts for role, vs in r.items() for v in vs}
    assert expected <= got, got
    if ("agreement", "parties", "NO") in expected:
        assert "procurement" not in {f.type for f, _ in facts}, got


def test_training_soldiers_is_aid_and_we_in_a_long_quote_is_the_speakers_country(ex):
    facts, _ = run(ex, "Portugal is to train 1,000 Ukrainian soldiers this year, the Portuguese defence ministry said.")
    assert [(f.type, r.get("donor"), r.get("recipient")) for f, r in facts] == [("aid", ["PT"], ["UA"])], facts
    facts, _ = run(ex, "The coach trained the team hard for the final of the army's football cup.")
    assert facts == [], facts
    facts, _ = run(ex, "Romania is preparing a new aid package for Ukraine, the defence minister said on Monday.\n"
                       "\"The package is ready. We will train Ukrainian pilots on our F-16s,\" he told reporters.")
    trained = [r for f, r in facts if f.type == "aid" and "train" in f.evidence.text]
    assert trained and trained[0].get("donor") == ["RO"], facts


@pytest.mark.parametrize("text,ftype,roles", [
    ("A new package of military aid worth €300 million was approved by the Belgian government for Ukraine.", "aid",
     {"donor": ["BE"], "recipient": ["UA"]}),
    ("Switzerland has signed a contract worth CHF 6 billion for 36 F-35A fighter jets.", "procurement",
     {"buyer": ["CH"], "supplier": ["US"]}),
    ("The EU's European Defence Fund granted €40 million to a consortium led by Leonardo for a new drone.", "funding",
     {}),
])
def test_packages_contracts_and_grants_as_news_words_them(ex, text, ftype, roles):
    facts, _ = run(ex, text)
    got = [r for f, r in facts if f.type == ftype]
    assert got and all(got[0].get(k) == v for k, v in roles.items()), [(f.type, r) for f, r in facts]


def test_a_site_that_produces_gives_its_place(ex):
    facts, _ = run(ex, "The plant in Jonava is expected to produce 155mm shells from 2026.")
    assert [(f.type, r.get("location")) for f, r in facts] == [("production", ["LT"])], facts


@pytest.mark.parametrize("text", [
    "Analysts said Germany would need to invest an additional 10 billion euros a year in its army.",
    "We continue to make further Danish donations in Denmark, the Danish minister said of the military aid.",
    "Merz declined to say whether Germany will supply its Taurus cruise missiles to Ukraine.",
])
def test_estimates_and_self_giving_are_no_aid_or_funding(ex, text):
    facts, _ = run(ex, text)
    assert not [f for f, _ in facts if f.type in ("aid", "funding")], [(f.type, r) for f, r in facts]


def test_according_to_names_a_source_not_a_party(ex):
    facts, _ = run(ex, "The first Leopard tank will be handed over to the army in 2028, according to the Netherlands.")
    assert not any("NL" in sum(r.values(), []) for f, r in facts if f.type == "aid"), [(f.type, r) for f, r in facts]


def test_office_holders_named_without_nationality_have_their_country(ex):
    facts, _ = run(ex, "President Zelensky held talks with Pistorius in Kyiv about air defence.")
    meetings = [r for f, r in facts if f.type == "meeting"]
    assert meetings and {"UA", "DE"} <= set(meetings[0]["participants"]), [(f.type, r) for f, r in facts]
    facts, _ = run(ex, "Rutte met Zelensky in Kyiv to discuss air defence.")  # NATO's Secretary General
    meetings = [r for f, r in facts if f.type == "meeting"]
    assert meetings and {"UA", "NATO"} <= set(meetings[0]["participants"]), [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,buyer,supplier", [
    ("Warsaw signed a contract with Seoul for 180 K2 tanks.", ["PL"], ["KR"]),
    ("Poland's Armament Agency signed a PLN 1.5 billion contract with WB Electronics for Warmate drones.", ["PL"],
     ["PL"]),
    ("Two South Korean companies, Hanwha Aerospace and Hyundai Rotem, have signed a $5.76 billion contract with "
     "Poland to export tanks.", ["PL"], ["KR"]),
])
def test_contracts_between_states_agencies_and_firms_are_purchases(ex, text, buyer, supplier):
    facts, _ = run(ex, text)
    got = [(sorted(set(r.get("buyer", []))), sorted(set(r.get("supplier", [])))) for f, r in facts
           if f.type == "procurement"]
    assert got == [(buyer, supplier)], [(f.type, r) for f, r in facts]


def test_a_headline_restated_with_a_day_takes_the_day(ex):
    facts, _ = run(ex, "Sweden and Ukraine sign letter of intent on Gripen jets\n\nSweden and Ukraine formalized a "
                       "letter of intent on Wednesday to enhance cooperation on air defence and Gripen fighter jets.",
                   "2025-10-23")
    agreements = [f for f, _ in facts if f.type == "agreement"]
    assert [(f.date, f.date_source) for f in agreements] == [("2025-10-22", "relative")], facts


@pytest.mark.parametrize("text,actor", [
    ("Latvia reintroduced conscription in 2023, the defence ministry said.", ["LV"]),
    ("Germany lifted its ban on arms exports to Saudi Arabia.", ["DE"]),
    ("The UK imposed new sanctions on Russian arms suppliers.", ["GB"]),
    # joining, leaving, easing, deploying
    ("Sweden became NATO's 32nd member in March 2024.", ["SE"]),
    ("Poland announced its intention to leave the Ottawa treaty.", ["PL"]),
    ("Japan eased its rules on arms exports last year.", ["JP"]),
    ("Canada will deploy a brigade to Latvia.", ["CA"]),
    # stopping, resuming and lifting: the aid or delivery stopped is no fact of its own
    ("The United States suspended military aid to Ukraine.", ["US"]),
    ("The Pentagon paused some weapons deliveries to Ukraine.", ["US"]),
    ("Turkey lifted its veto on Sweden's NATO membership.", ["TR"]),
    ("Canada will join the EU's SAFE defence procurement programme.", ["CA"]),
    ("The Netherlands created a new Defence Industry Fund.", ["NL"]),
])
def test_decisions_of_one_state_are_policy(ex, text, actor):
    facts, _ = run(ex, text)
    assert [(f.type, r.get("actor")) for f, r in facts] == [("policy", actor)], [(f.type, r) for f, r in facts]


def test_tariffs_are_no_policy_fact(ex):
    facts, _ = run(ex, "The United States imposed new tariffs on steel imports from the European Union.")
    assert facts == [], [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text", [
    "Germany has no plans to send Taurus missiles to Ukraine, the chancellor said.",
    "Hungary refused to supply weapons to Ukraine.",
    "Norway rejected a proposal to buy German submarines.",
    "Ukraine hopes to receive F-16 jets from Belgium.",
    "Zelensky called on allies to send more air defence systems.",
])
def test_refusals_and_wishes_are_no_facts(ex, text):
    facts, _ = run(ex, text)
    assert facts == [], [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,ftype,roles", [
    ("German Chancellor Friedrich Merz received Ukrainian President Volodymyr Zelensky in Berlin on Wednesday.",
     "meeting", {"participants": ["DE", "UA"]}),
    ("Under the $3.5 billion deal, Poland will receive 96 AH-64E Apache helicopters from 2028.", "procurement",
     {"buyer": ["PL"], "supplier": ["US"]}),
    ("Rheinmetall received an order from the Bundeswehr for 155mm shells worth €8.5 billion.", "procurement",
     {"buyer": ["DE"], "supplier": ["DE"]}),
    ("The European Commission will provide €150 billion in loans for defence investment.", "funding", {}),
])
def test_what_is_received_and_what_is_lent(ex, text, ftype, roles):
    facts, _ = run(ex, text)
    got = [r for f, r in facts if f.type == ftype]
    assert got and all(sorted(set(got[0].get(k, []))) == v for k, v in roles.items()), [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,ftype", [
    ("Production of the CV90 vehicles will take place in Lithuania, BAE Systems said.", "production"),
    ("Kongsberg and Rheinmetall formed a joint venture to produce missiles in Germany.", "agreement"),
    ("The Norwegian Defence Materiel Agency signed a framework agreement with Nammo for 155mm ammunition worth "
     "NOK 2 billion.", "procurement"),
])
def test_production_taking_place_ventures_formed_and_framework_agreements(ex, text, ftype):
    facts, _ = run(ex, text)
    assert ftype in {f.type for f, _ in facts}, [(f.type, r) for f, r in facts]


def test_frames_judgements_descriptions_and_agencies(ex):
    facts, _ = run(ex, "Under the agreement, COMLOG will expand the production of GEM-T missiles in Germany.")
    assert "agreement" not in {f.type for f, _ in facts}, facts
    facts, _ = run(ex, "The Latvian defence minister said it was the largest military purchase since independence.")
    assert facts == [], facts
    facts, _ = run(ex, "KNDS makes around 800 systems used by or contracted for the Ukrainian army.")
    assert "procurement" not in {f.type for f, _ in facts}, facts
    facts, _ = run(ex, "The Estonian Defense Investments Center and the U.S. Defense Security Cooperation Agency have "
                       "signed a contract for six HIMARS launchers.")
    buys = [r for f, r in facts if f.type == "procurement"]
    assert buys and buys[0]["buyer"] == ["EE"] and "US" in buys[0]["supplier"], facts


@pytest.mark.parametrize("text,country,share", [
    ("Poland now spends more than 4% of its economic output on the military.", ["PL"], 0.04),
    ("Japan plans to bring defence spending to 2 percent of national output by 2027.", ["JP"], 0.02),
])
def test_gdp_by_other_names(ex, text, country, share):
    facts, _ = run(ex, text)
    assert [(r["country"], f.share_of_gdp) for f, r in facts if f.type == "spending_target"] == [(country, share)]


@pytest.mark.parametrize("text,ftype,roles", [
    ("Nammo received €40 million from the EU's ASAP programme to expand its production.", "funding",
     {"recipient": ["NO"]}),
    ("The Lithuanian government will contribute €100 million to the construction of the Rheinmetall factory.",
     "funding", {"funder": ["LT"]}),
    ("CSG will invest €92 million in expanding its ammunition production in the Czech Republic.", "production",
     {"producer": ["CZ"], "location": ["CZ"]}),
    ("COMLOG has received a $5.6 billion contract from the NATO Support and Procurement Agency.", "procurement",
     {"buyer": ["NATO"]}),
])
def test_money_for_firms_and_plants_is_funding(ex, text, ftype, roles):
    facts, _ = run(ex, text)
    got = [r for f, r in facts if f.type == ftype]
    assert got and all(set(v) <= set(got[0].get(k, [])) for k, v in roles.items()), [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text", [
    "Finland will support the Dutch initiative to provide air defence missiles for Ukraine.",
    "The programme to deliver more tanks to Ukraine was discussed by the ministers of the coalition.",
])
def test_what_an_initiative_is_for_is_no_aid(ex, text):
    facts, _ = run(ex, text)
    assert "aid" not in {f.type for f, _ in facts}, [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,ftype,roles", [
    ("Belgium will deliver the first F-16s to Ukraine this year.", "aid", {"donor": ["BE"], "recipient": ["UA"]}),
    ("Denmark will purchase eight more F-35s.", "procurement", {"buyer": ["DK"], "supplier": ["US"]}),
    ("France and Ukraine signed a letter of intent for the purchase of 100 Rafale jets.", "procurement",
     {"buyer": ["UA"], "supplier": ["FR"]}),
])
def test_plural_designations_and_the_makers_state_selling(ex, text, ftype, roles):
    facts, _ = run(ex, text)
    got = [r for f, r in facts if f.type == ftype]
    assert got and all(sorted(set(got[0].get(k, []))) == v for k, v in roles.items()), [(f.type, r) for f, r in facts]


def test_passive_aid_naming_equipment_takes_the_documents_giver(ex):
    facts, _ = run(ex, "Belgium will send Ukraine military aid worth 1 billion euros this year. The agreement "
                       "specifies the number of aircraft to be provided to Ukraine - 30 F-16s by 2028.")
    f16 = [r for f, r in facts if f.type == "aid" and "F-16" in " ".join(f.items)]
    assert f16 and f16[0].get("donor") == ["BE"], [(f.type, r, f.items) for f, r in facts]


def test_production_at_a_firm(ex):
    facts, _ = run(ex, "Other investments include new production facilities at heavy truck maker Tatra Defence Vehicle.")
    assert [(f.type, r.get("producer")) for f, r in facts] == [("production", ["CZ"])], facts


@pytest.mark.parametrize("text,expected", [
    ("Latvia will spend 3.1% of GDP on defence in 2025 and Estonia 3.4%.", [(["LV"], 0.031), (["EE"], 0.034)]),
    ("Military expenditure will account for 2.1% of Turkey's GDP.", [(["TR"], 0.021)]),
])
def test_a_share_belongs_to_the_state_named_with_it(ex, text, expected):
    facts, _ = run(ex, text)
    assert [(r["country"], f.share_of_gdp) for f, r in facts if f.type == "spending_target"] == expected, facts


def test_meeting_a_target_is_no_meeting_and_fiscal_years_date(ex):
    facts, _ = run(ex, "Japan aims to meet the 2 percent of GDP defence budget by fiscal 2027.")
    assert [(f.type, f.date) for f, _ in facts] == [("spending_target", "2027")], [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,buyer,supplier", [
    ("The State Department has made a determination approving a possible Foreign Military Sale to the Government "
     "of Norway of helicopters for an estimated cost of $2.6 billion.", ["NO"], ["US"]),
    ("Lockheed Martin Corp., Grand Prairie, Texas, has been awarded a $4.5 billion contract for missiles for the "
     "U.S. Army.", ["US"], ["US"]),
    ("Baykar signed an agreement with Indonesia to export 60 TB3 drones.", ["ID"], ["TR"]),
    ("South Korea exported K9 howitzers to Norway.", ["NO"], ["KR"]),
    ("Defence Secretary John Healey said the Ministry of Defence has signed a £1.6 billion contract with Thales to "
     "deliver air defence missiles to Ukraine.", ["GB"], ["FR"]),
])
def test_sales_awards_and_government_of(ex, text, buyer, supplier):
    facts, _ = run(ex, text)
    got = [(sorted(set(r.get("buyer", []))), sorted(set(r.get("supplier", [])))) for f, r in facts
           if f.type == "procurement"]
    assert got == [(buyer, supplier)], [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,ftype,roles", [
    ("Israel's Elbit Systems won a $300 million contract to supply artillery systems to a European country.",
     "procurement", {"supplier": ["IL"], "buyer": []}),
    ("Turkish drone maker Baykar acquired Italy's Piaggio Aerospace.", "funding", {"funder": ["TR"]}),
    ("Australia and Japan signed a deal for 11 Mogami-class frigates to be built by Mitsubishi Heavy Industries.",
     "procurement",
     {"buyer": ["AU"], "supplier": ["JP"]}),
    ("India and the Philippines signed a $375 million deal for BrahMos missiles.", "procurement",
     {"buyer": ["PH"], "supplier": ["IN"]}),
    ("Ottawa will spend C$2 billion on new air defence systems for the Canadian army.", "procurement",
     {"buyer": ["CA"]}),
    ("BAE Systems will invest £150 million in a new explosives facility in Wales.", "production",
     {"producer": ["GB"]}),
])
def test_won_contracts_firms_bought_and_deals_for_goods(ex, text, ftype, roles):
    facts, _ = run(ex, text)
    got = [r for f, r in facts if f.type == ftype]
    assert got and all(sorted(set(got[0].get(k, []))) == v for k, v in roles.items()), [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,status", [
    ("Rheinmetall opened a new ammunition plant in Unterlüß with a capacity of 350,000 shells a year.", "completed"),
    ("Norway ordered six submarines to be built by TKMS in Kiel.", "planned"),
])
def test_opened_plants_are_running_and_ships_to_be_built_are_not(ex, text, status):
    facts, _ = run(ex, text)
    assert [f.status for f, _ in facts if f.type == "production"] == [status], [(f.type, f.status, r) for f, r in facts]


@pytest.mark.parametrize("text,ftype", [
    ("The Pentagon announced a new $250 million Presidential Drawdown Authority package for Ukraine.", "aid"),
    ("Britain will spend £1.5 billion on six new munitions factories.", "funding"),
])
def test_drawdown_packages_and_money_for_factories(ex, text, ftype):
    facts, _ = run(ex, text)
    assert [f.type for f, _ in facts] == [ftype], [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text", [
    "The U.S. will keep its base in al-Tanf after American troops leave Syria.",
    "That is $200 off the regular rate and a match for the lowest Amazon sale price.",
])
def test_troops_leaving_and_sale_prices_are_no_facts(ex, text):
    facts, _ = run(ex, text)
    assert facts == [], [(f.type, r) for f, r in facts]


def test_the_meeting_a_document_was_signed_at_was_held(ex):
    facts, _ = run(ex, "The memorandum was signed during President Duda's visit to Seoul.")
    assert [(f.type, f.status) for f, _ in facts] == [("meeting", "completed")], [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text,status,roles", [
    ("Norway orders 54 Leopard 2A8 tanks from Rheinmetall", "agreed", {"buyer": ["NO"], "supplier": ["DE"]}),
    ("Hanwha wins $1 billion Australian howitzer deal", "agreed", {"buyer": ["AU"], "supplier": ["KR"]}),
    ("South Korea, Poland agree on second K2 tank contract worth $6.5 billion", None,
     {"buyer": ["PL"], "supplier": ["KR"]}),
])
def test_headline_orders_wins_and_listed_states(ex, text, status, roles):
    facts, _ = run(ex, text)
    got = [(f.status, r) for f, r in facts if f.type == "procurement"]
    assert got and (status is None or got[0][0] == status) and all(
        sorted(set(got[0][1].get(k, []))) == v for k, v in roles.items()), [(f.type, f.status, r) for f, r in facts]


def test_dollars_in_a_text_about_canada_are_canadian(ex):
    facts, _ = run(ex, "Canada will donate $500 million in military aid to Ukraine, Canadian Defence Minister Bill "
                       "Blair said. Canada has provided over $4 billion since 2022.")
    assert {f.amount.currency for f, _ in facts if f.amount} == {"CAD"}, [(f.type, f.amount) for f, _ in facts]
    facts, _ = run(ex, "The United States will provide $2 billion to Ukraine, US officials said. Canada also "
                       "pledged support.")
    assert {f.amount.currency for f, _ in facts if f.amount} == {"USD"}, [(f.type, f.amount) for f, _ in facts]


@pytest.mark.parametrize("text,country,share", [
    ("The UK will raise defence spending to 2.5% by 2027.", ["GB"], 0.025),
    ("Turkey spends about 1.3 percent on defence.", ["TR"], 0.013),
    ("Germany reached the NATO target of two percent in 2024.", ["DE"], 0.02),
    ("South Korea's defence spending is 2.8% of its economy.", ["KR"], 0.028),
    ("Spain is the alliance's lowest spender at 1.28% of GDP.", ["ES"], 0.0128),
    ("Canada announced new defence investments on Monday. It will reach 2% of GDP by 2032, officials said.", ["CA"],
     0.02),
])
def test_defence_levels_stated_without_gdp_or_without_a_state(ex, text, country, share):
    facts, _ = run(ex, text)
    assert [(r["country"], f.share_of_gdp) for f, r in facts if f.type == "spending_target"] == [(country, share)], \
        [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text", [
    "Defence spending rose by 10% last year.",
    "Military spending in Europe grew 17% to a record $693 billion.",
    "Support for raising defence spending is at 60%, a poll found.",
    "Poland spends 4.7% of GDP on defence. More than 62% of the budget went on personnel.",
])
def test_changes_polls_and_budget_shares_are_no_levels(ex, text):
    facts, _ = run(ex, text)
    assert all(f.share_of_gdp in (None, 0.047) for f, _ in facts), [(f.type, f.share_of_gdp) for f, _ in facts]


def test_the_awardee_of_money_for_production_produces(ex):
    facts, _ = run(ex, "The US Army awarded General Dynamics $1.5 billion to expand shell production in Texas.")
    assert [r.get("producer") for f, r in facts if f.type == "production"] == [["US"]], [(f.type, r) for f, r in facts]


def test_a_framework_concluded_is_an_agreement(ex):
    facts, _ = run(ex, "India and the US concluded a ten-year framework for the defence partnership.")
    assert [(f.type, sorted(r["parties"])) for f, r in facts] == [("agreement", ["IN", "US"])], facts


@pytest.mark.parametrize("text,donors", [
    ("Denmark will provide €125 million and Sweden €20 million to the initiative for Ukraine.", [["DK"], ["SE"]]),
    ("Norway and Denmark each pledged €100 million in military aid to Ukraine.", [["NO"], ["DK"]]),
    ("Each year, Norway and Denmark give NOK 500 million to Ukraine.", [["DK", "NO"]]),
])
def test_each_giver_its_own_sum(ex, text, donors):
    facts, _ = run(ex, text)
    assert [sorted(r["donor"]) for f, r in facts if f.type == "aid"] == donors, [(f.type, r) for f, r in facts]


@pytest.mark.parametrize("text", [
    "The funds will go to the State Special Communications Administration.",
    "Nammo will be investing in a new production line in Raufoss to make more artillery shells.",
])
def test_funding_with_no_sum_needs_both_sides_and_is_not_a_firms_own_production(ex, text):
    facts, _ = run(ex, text)
    assert "funding" not in {f.type for f, _ in facts}, [(f.type, r) for f, r in facts]


def test_a_contract_signed_at_a_trade_fair_is_no_meeting(ex):
    facts, _ = run(ex, "Estonia signed a contract with KNDS for 12 Caesar howitzers at the Eurosatory conference in "
                       "Paris on 19 June 2024.")
    assert "meeting" not in {f.type for f, _ in facts}, [(f.type, r) for f, r in facts]


def test_a_priced_restatement_of_a_purchase_prices_it(ex):
    facts, _ = run(ex, "Estonia has signed a contract with the United States that will see Estonia procure HIMARS "
                       "launchers. The contract worth over €200 million will see Estonia buy six HIMARS systems.")
    buys = [(f.amount and f.amount.value, r.get("buyer")) for f, r in facts if f.type == "procurement"]
    assert buys == [(200000000.0, ["EE"])], [(f.type, f.amount, r) for f, r in facts]


def test_a_rise_is_no_level_and_a_delivery_under_the_deal_restates_it(ex):
    facts, _ = run(ex, "Hanwha Aerospace said it has signed a $1 billion contract to export K9 howitzers to Vietnam. "
                       "Under the deal, the company will deliver 20 K9 units to the Vietnamese army by 2027. South "
                       "Korea's defence budget for next year is 66.3 trillion won, up 7.5 percent from this year, or "
                       "about 2.4 percent of GDP.")
    got = sorted((f.type, f.share_of_gdp) for f, _ in facts)
    assert got == [("procurement", None), ("spending_target", 0.024)], [(f.type, f.share_of_gdp, r) for f, r in facts]


def test_a_production_word_in_a_bodys_name_is_no_production(ex):
    facts, _ = run(ex, "Türkiye's defence exports reached $7.1 billion in 2024, according to the Turkish Exporters "
                       "Assembly.")
    assert facts == [], [(f.type, r) for f, r in facts]


def test_a_firm_signing_to_supply_sells_and_a_visit_during_a_past_act_was_made(ex):
    facts, _ = run(ex, "Israel Aerospace Industries signed a $1.2 billion deal with India to supply Barak-8 air "
                       "defence systems.")
    assert [(r.get("buyer"), r.get("supplier")) for f, r in facts if f.type == "procurement"] == [(["IN"], ["IL"])], \
        [(f.type, r) for f, r in facts]
    facts, _ = run(ex, "Vietnam and South Korea agreed to boost defence industry cooperation during a visit by "
                       "Vietnam's defence minister to Seoul.")
    assert [(f.type, f.status) for f, _ in facts] == [("meeting", "completed")], [(f.type, f.status) for f, _ in facts]


def test_contracts_with_unnamed_firms_are_purchases(ex):
    facts, _ = run(ex, "India's Ministry of Defence signed contracts worth Rs 39,125 crore with domestic firms.")
    assert [(f.type, r.get("buyer")) for f, r in facts] == [("procurement", ["IN"])], [(f.type, r) for f, r in facts]
