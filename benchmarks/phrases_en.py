"""English news templates: security diplomacy (with frame cues) and unrelated beats.

Written for the benchmarks; outlets are fictitious ``.example`` sites.
"""

from __future__ import annotations

import random

from benchmarks.phrasebook import Phrasebook, Topic

# fmt: off
_SLOTS: dict[str, tuple[str, ...]] = {
    "city": (
        "Rabat", "Casablanca", "Tangier", "Fez", "Marrakech", "Agadir", "Oujda", "Tetouan",
        "Meknes", "Nador", "Laayoune", "Dakhla", "Kenitra", "El Jadida", "Safi",
    ),
    "port": ("Tangier Med", "Casablanca", "Nador", "Agadir", "Algeciras", "Almeria"),
    "partner": (
        "Spain", "France", "the United States", "Germany", "Belgium", "the Netherlands",
        "Italy", "Portugal", "the United Kingdom", "Senegal", "Mauritania", "Saudi Arabia",
        "the United Arab Emirates", "Qatar", "Côte d'Ivoire", "Nigeria", "Japan", "Brazil",
    ),
    "sahel": ("Mali", "Niger", "Burkina Faso", "Chad", "Mauritania"),
    "foreign_city": (
        "Madrid", "Paris", "Brussels", "Washington", "Riyadh", "Abu Dhabi", "Dakar",
        "Abidjan", "Lisbon", "Rome", "Berlin", "Geneva", "Vienna", "Nouakchott", "Doha",
    ),
    "agency": (
        "the General Directorate of National Security (DGSN)",
        "the General Directorate for Territorial Surveillance (DGST)",
        "the Central Bureau of Judicial Investigations (BCIJ)",
        "the Royal Gendarmerie",
        "the national police",
        "the security services",
    ),
    "official": (
        "the interior minister", "the foreign minister", "the head of national security",
        "a senior police official", "the government spokesperson", "the justice minister",
        "a diplomat familiar with the file", "the ambassador", "a ministry source",
    ),
    "org": ("Interpol", "Europol", "Afripol", "the United Nations", "the African Union"),
    "think_tank": (
        "a Rabat-based research centre", "a policy institute in Madrid",
        "an Atlantic studies centre", "a Brussels think tank", "a university in Dakar",
    ),
    "ngo": (
        "A human rights group", "A press freedom organisation", "An international NGO",
        "A coalition of local associations", "A lawyers' collective",
    ),
    "n": ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve"),
    "num": ("14", "23", "31", "46", "58", "72", "85", "120", "154", "210", "340"),
    "big": ("1,200", "2,500", "4,800", "7,300", "12,000", "18,500", "35,000", "60,000"),
    "pct": ("1.2", "2.4", "3.1", "4.7", "5.5", "6.8", "7.9", "9.3", "12.6", "15.4"),
    "age": ("19", "21", "24", "27", "29", "33", "36", "41", "45", "52"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ordinal": ("third", "fourth", "fifth", "sixth", "eighth", "tenth", "twelfth"),
    "team": (
        "Raja Casablanca", "Wydad", "FAR Rabat", "RS Berkane", "Maghreb de Fès",
        "Hassania Agadir", "Moghreb Tetouan", "Olympic Safi", "FUS Rabat", "Ittihad Tanger",
    ),
    "player": (
        "the young winger", "the veteran striker", "the captain", "the goalkeeper",
        "the midfielder", "the substitute", "the left back", "the new signing",
    ),
    "company": (
        "the national airline", "a phosphate producer", "a telecoms operator",
        "a car manufacturer", "a solar energy developer", "a dairy cooperative",
        "a textile exporter", "the rail operator",
    ),
    "sector": (
        "tourism", "agriculture", "the automotive industry", "textiles", "renewable energy",
        "construction", "fisheries", "aeronautics", "retail",
    ),
    "crop": ("wheat", "olives", "citrus", "tomatoes", "barley", "dates", "argan"),
    "artist": (
        "the novelist", "a young film director", "the gnawa master", "the painter",
        "a celebrated oud player", "the photographer", "the playwright",
    ),
    "festival": (
        "the sacred music festival", "the international film festival", "the book fair",
        "the jazz festival", "the street arts week", "the poetry festival",
    ),
    "region": (
        "the north", "the Rif", "the Middle Atlas", "the eastern region", "the Souss plain",
        "the Atlantic coast", "the south-east", "the Saïss plain",
    ),
    "crime": (
        "cannabis resin", "cocaine", "psychotropic pills", "counterfeit banknotes",
        "contraband cigarettes",
    ),
    "suspects": ("suspects", "individuals", "members", "people", "alleged militants"),
    "said": ("said", "stated", "noted", "indicated", "explained", "added", "told reporters"),
    "announced": ("announced", "said", "reported", "revealed", "confirmed", "stated"),
    "source": (
        "officials", "a security source", "the authorities", "investigators",
        "a police spokesperson", "sources close to the case", "the prosecutor's office",
        "{person}, {role},",
    ),
    "when": (
        "on {weekday}", "late on {weekday}", "early on {weekday}", "this week",
        "on {weekday} evening", "over the weekend", "on {weekday} morning",
    ),
    "attribution": (
        "according to a statement", "according to the authorities", "a source said",
        "officials said", "local media reported", "the ministry said", "a statement said",
        "said {person}, {role}", "{person}, {role}, said", "according to {person}, {role}",
    ),
    "person": ("{first} {last}",),
    "first": (
        "Karim", "Nadia", "Youssef", "Salma", "Hicham", "Laila", "Omar", "Imane", "Rachid",
        "Meryem", "Anas", "Zineb", "Mehdi", "Khadija", "Tarik", "Sofia", "Javier", "Claire",
        "Pedro", "Anne", "Ibrahima", "Aminata", "Daniel", "Hélène", "Marco",
    ),
    "last": (
        "Alaoui", "Bennani", "El Idrissi", "Tazi", "Berrada", "Chraibi", "Amrani", "Ouazzani",
        "Lahlou", "Benjelloun", "Fassi", "Kettani", "Ziani", "Haddaoui", "Sefrioui", "Moreno",
        "Dubois", "Ferreira", "Diallo", "Ndiaye", "Keller", "Rossi", "Martin", "Sy", "Cherkaoui",
    ),
    "role": (
        "a researcher at {think_tank}", "a former diplomat", "a security analyst",
        "a spokesperson for the ministry", "a professor of international relations",
        "a local official", "a lawyer", "an economist", "a member of parliament",
        "a retired police officer", "a journalist based in {city}",
    ),
    "also": ("also", "meanwhile", "in addition", "separately", "for their part"),
    "big_adj": ("major", "large", "significant", "important", "wide-ranging", "sweeping"),
}
# fmt: on

_COUNTER_TERRORISM = Topic(
    "counter_terrorism",
    framed=True,
    weight=6,
    titles=(
        "Terrorist cell dismantled in {city} and {city}",
        "Police break up [cell|network] linked to the Islamic State group",
        "Police arrest {n} over alleged [plot|attack plan] in {city}",
        "Security services foil [attack plan|terror plot], {n} suspects held",
        "[Drug trafficking|Smuggling] network dismantled at {port}",
        "Counter-terrorism: new arrests in {city}",
        "{city}: [suspected|alleged] extremists [arrested|detained] in dawn raids",
        "[Record|Major] seizure of {crime} at {port}",
    ),
    sentences=(
        "[In a statement|In a communiqué|Late on {weekday}], {agency} {announced} it had "
        "[dismantled|broken up] a [terrorist cell|cell] of {n} [members|people] [operating|active] "
        "between {city} and {city}.",
        "The {suspects}, aged [between {age} and {age}|from {age} to {age}], had pledged "
        "allegiance to [the Islamic State group|Daesh|the so-called Islamic State], {attribution}.",
        "[Investigators|Police officers|Officers] seized [explosives|explosive materials], "
        "[bladed weapons|knives] and [extremist propaganda|propaganda material] during "
        "[searches|raids] in {city}.",
        "The operation was [carried out|conducted] in [close coordination|close cooperation] with "
        "the [services|intelligence services] of {partner}, which [shared|provided] "
        "[intelligence|information] on the network.",
        "[It is|This is] the {ordinal} cell [dismantled|broken up] since the [start|beginning] "
        "of the year, {attribution}.",
        "{source} warned that the threat [posed by|from] lone wolves [radicalised|recruited] "
        "online [remained|was still] [high|serious].",
        "Police {also} seized {num} [tonnes|tons] of {crime} [hidden|concealed] in a "
        "[lorry|truck|refrigerated truck] at the port of {port}.",
        "[Drug traffickers|Smugglers|Criminal networks] increasingly use [the Sahel routes|"
        "desert routes across the Sahel|the Atlantic route], an analyst at {think_tank} {said}.",
        "The suspects were [planning|preparing] [attacks|to strike] [against|on] "
        "[sensitive sites|public buildings|tourist areas], {attribution}.",
        "The case has been referred to the [public prosecutor|prosecutor's office] in charge of "
        "[terrorism cases|counter-terrorism] in Rabat.",
        "[Security analysts|Experts|Researchers] say [jihadist groups|armed groups] in the Sahel "
        "are trying to recruit young people through [encrypted messaging apps|social media].",
        "The arrests follow a joint investigation with {partner} into a network "
        "[smuggling migrants|organising illegal migration] across the [Mediterranean|Atlantic].",
        "One suspect had [tried|attempted] to travel to a conflict zone to join "
        "[foreign fighters|armed groups], {source} {said}.",
        "[Transnational organised crime|Organised crime] and terrorism are [increasingly|more "
        "and more] intertwined, {official} {said}.",
        "The cell was [allegedly|reportedly] in contact with [an operative|a member] of "
        "al-Qaeda in the Islamic Maghreb.",
        "[Cybercrime units|Specialised units] traced the [online accounts|social media accounts] "
        "used to spread calls for violence.",
        "The [suspects|detainees] will be [held|kept] in custody [pending|during] the "
        "investigation, which is being [supervised|overseen] by the prosecutor.",
        "[Forensic teams|Bomb disposal experts] were [deployed|called in] to [examine|secure] "
        "the [materials|devices] found at the [scene|house].",
    ),
)

_COOPERATION = Topic(
    "police_cooperation",
    framed=True,
    weight=5,
    titles=(
        "{city} to host {org} [meeting|conference] on police cooperation",
        "Rabat and {partner} sign security [cooperation|partnership] agreement",
        "Security chiefs meet in {foreign_city} to boost information sharing",
        "Praise from {partner} for partnership in the fight against terrorism",
        "Joint [exercise|drill] with {partner} focuses on maritime security",
        "[Interior ministers|Police chiefs] agree to step up [cooperation|coordination]",
    ),
    sentences=(
        "{city} will host the {ordinal} [session|edition] of the {org} [conference|meeting], "
        "bringing together [police chiefs|security officials] from {num} countries.",
        "The two countries signed a memorandum of understanding on [security cooperation|"
        "police cooperation] and the exchange of information.",
        "The meeting [reaffirmed|highlighted] the [strategic|long-standing] partnership between "
        "Morocco and {partner} in the fight against terrorism and organised crime.",
        "Joint exercises between the two [navies|coast guards] will focus on maritime security "
        "and [irregular migration|migrant smuggling].",
        "[During the visit|On the sidelines of the meeting], {official} met his counterpart "
        "from {partner} to [review|discuss] intelligence sharing and joint patrols.",
        "The agreement provides for liaison officers and a joint working group on "
        "[cross-border crime|transnational crime].",
        "[Delegates|Participants] praised the [exemplary|excellent] security cooperation "
        "between the two [kingdoms|countries].",
        "Both sides agreed to speed up extradition requests and the [processing|handling] of "
        "red notices, {attribution}.",
        "The hosting of the event is [seen|viewed] as a sign of the trust placed in Moroccan "
        "institutions by international partners.",
        "The [general assembly|conference] will discuss [the financing of terrorism|terrorist "
        "financing], cybercrime and the protection of [critical infrastructure|vital "
        "infrastructure].",
        "{source} described the relationship as a model of collective security in the "
        "[Mediterranean|region|western Mediterranean].",
        "A joint operation with {partner} led to the seizure of {num} kilograms of {crime}.",
        "The {big_adj} meeting [also|equally] [addressed|covered] border management and the "
        "[return|readmission] of irregular migrants.",
        "[Ministers|The delegations] agreed to [set up|create] a [permanent|regular] channel "
        "for [consultation|dialogue] on security matters.",
    ),
)

_EXPERTISE = Topic(
    "security_expertise",
    framed=True,
    weight=3,
    titles=(
        "Moroccan police to train officers from {sahel}",
        "Security expertise in [demand|high demand] across Africa",
        "New police academy opens in {city} with [digital|modern] training centre",
        "Partners seek Moroccan know-how on counter-extremism",
        "[Artificial intelligence|Digital tools] [enter|transform] police work in {city}",
    ),
    sentences=(
        "Morocco's security expertise is [increasingly|more and more] sought after by "
        "[African|foreign|European] partners, {official} {said}.",
        "About {num} [police officers|gendarmes|border guards] from {sahel} will be trained in "
        "{city} under the [agreement|programme|deal signed {when}].",
        "The directorate has [rolled out|introduced|launched] [new electronic identity cards|a "
        "biometric passport] and a forensic laboratory that uses artificial intelligence.",
        "The modernisation of the police has included [body cameras|drones], digital platforms "
        "and new training [academies|schools], {attribution}.",
        "[Several|A number of|At least {n}] countries have expressed interest in the Moroccan "
        "model of religious training, which has trained imams from across [West|sub-Saharan] "
        "Africa.",
        "The kingdom presents itself as a security provider rather than a consumer of "
        "security, [one analyst noted|an expert at {think_tank} argued|{source} {said}].",
        "Intelligence provided by Moroccan services helped prevent attacks in "
        "[Europe|Spain|France|Belgium], according to [officials|sources] in {foreign_city}.",
        "The [cooperation|training] programme includes technical assistance and "
        "capacity-building for [border police|customs officers|judicial police].",
        "A new command centre connects [surveillance|CCTV|traffic] cameras across {city} to a "
        "central [platform|system] [opened|inaugurated] {when}.",
        "Instructors from the [academy|institute] will share their expertise in "
        "[counter-terrorism|cybercrime investigation] and [crowd management|public order].",
        "[Officials|Trainers] {said} the curriculum [combines|mixes] field exercises with "
        "[courses|modules] on human rights and [ethics|professional conduct].",
        "[Police|Investigators] in {city} now [use|rely on] [a mobile application|tablets] to "
        "[file reports|check documents] [on the spot|in real time].",
        "The [forensic|scientific] police [laboratory|unit] in {city} [processed|analysed] "
        "[{big}|more than {big}] [samples|cases] last year, {source} {said}.",
        "[Delegations|Officers] from {partner} [visited|toured] the [academy|command centre] "
        "[{when}|last month] to [study|observe] its [methods|training programmes].",
        "[Women|Young recruits] now [make up|account for] [{pct}%|a growing share] of "
        "[new|this year's] police [cadets|graduates].",
        "The [new|upgraded] [data centre|cyber unit] will [protect|monitor] [public|critical] "
        "[networks|systems] [against attacks|around the clock].",
    ),
)

_SAHEL = Topic(
    "regional_stability",
    framed=True,
    weight=3,
    titles=(
        "Sahel instability weighs on regional security",
        "Diplomats see Morocco as an anchor of stability",
        "Atlantic initiative offers Sahel states access to the ocean",
        "Border tensions raise fears of escalation",
        "[Crisis|Coup] in {sahel}: neighbours [worried|on alert]",
    ),
    sentences=(
        "The instability in the Sahel, where armed groups have [expanded|gained ground], weighs "
        "on the security of [the whole region|North and West Africa].",
        "[Diplomats|Western officials] described the kingdom as a pillar of stability in a "
        "[troubled|volatile] neighbourhood.",
        "The [initiative|project] aims to give landlocked Sahel states access to the Atlantic "
        "through ports on the southern coast, {attribution}.",
        "Analysts at {think_tank} warned that the [coups|military takeovers] in {sahel} had "
        "created a security vacuum.",
        "The minister called for an African response to African crises, based on "
        "[development|economic integration] and security.",
        "The border crossing at Guerguerat remains a strategic artery for trade with West "
        "Africa, {attribution}.",
        "Regional stability depends on cooperation between the countries of the "
        "[Maghreb|region], {official} {said}.",
        "[Observers|Diplomats] fear that the conflict could spread to neighbouring countries "
        "along the [coast|Gulf of Guinea].",
        "The [fragile|uncertain] situation in {sahel} has [displaced|forced out] thousands of "
        "people, [aid agencies|humanitarian groups] say.",
        "[Mediation|Talks] [led|hosted] by {partner} [have so far failed|are expected] to "
        "[ease|end] the [crisis|stand-off] in {sahel}.",
        "[Trucks|Convoys] [carrying|loaded with] [fuel|food|goods] were [attacked|stopped] on "
        "the [road|highway] to {sahel}'s capital {when}.",
        "The [Atlantic|regional] [project|pipeline] is [presented|described] as a [source|"
        "factor] of [prosperity|stability] for [the continent|West Africa], {official} {said}.",
        "[Experts|Analysts] at {think_tank} [note|argue] that [poverty|unemployment] and "
        "[climate change|drought] [fuel|feed] [instability|insecurity] in the [region|Sahel].",
        "{partner} [announced|pledged] [new aid|{num} million euros] to [support|stabilise] "
        "[border areas|the Sahel], {attribution}.",
    ),
)

_SOVEREIGNTY = Topic(
    "sovereignty_recognition",
    framed=True,
    weight=3,
    titles=(
        "Autonomy plan: {partner} reaffirms support",
        "New consulate opens in [Dakhla|Laayoune]",
        "Rabat welcomes {partner}'s position on the Sahara",
        "Diplomatic [offensive|push]: more countries back the autonomy initiative",
        "[Security Council|UN] [resolution|vote] [welcomed|hailed] in Rabat",
    ),
    sentences=(
        "[On {weekday}|In a joint statement|{when}], {partner} reiterated its support for the "
        "autonomy plan as the [most serious and credible|most realistic] basis for a solution.",
        "The decision was [welcomed|hailed] in Rabat as a recognition of the kingdom's "
        "territorial integrity.",
        "{source} {said} the opening of a consulate in [Dakhla|Laayoune] reflected [growing|"
        "broad] international support.",
        "The foreign minister insisted that national sovereignty over the southern provinces "
        "was [not negotiable|a red line].",
        "The [statement|joint statement|communiqué] praised Morocco's role as a reliable and "
        "credible partner.",
        "The [joint declaration|announcement] was hailed as a diplomatic success by the "
        "[Moroccan press|national media].",
        "The ambassador described the position of {partner} as a turning point in bilateral "
        "relations.",
        "Separately, {official} {said} the kingdom would never accept any interference in its "
        "internal affairs.",
        "[More than|Over] {num} countries have now [opened consulates|expressed support], "
        "[according to|says] the foreign ministry.",
        "[Opposition|Critics] in {partner} [questioned|criticised] the [shift|decision], "
        "[saying|arguing] it [was taken|came] without [debate|consultation].",
        "The [visit|talks] {when} [opened|marked] a [new page|new chapter] in relations "
        "between Rabat and {partner}, {attribution}.",
        "[Investments|Infrastructure projects] in the southern provinces [are presented|are "
        "cited] as [proof|evidence] of the [region's|area's] development.",
        "[The UN envoy|A UN delegation] [is expected|will travel] to [the region|Rabat] "
        "[next month|in the coming weeks] to [revive|relaunch] the political process.",
    ),
)

_RIGHTS = Topic(
    "rights_criticism",
    framed=True,
    weight=2,
    titles=(
        "Rights groups denounce surveillance of journalists",
        "Trial of reporter raises press freedom concerns",
        "Report accuses authorities of using spyware",
        "Activists call for release of detained protesters",
        "[NGO|Watchdog] [criticises|questions] new [security law|surveillance rules]",
    ),
    sentences=(
        "{ngo} accused the authorities of using spyware to monitor [journalists|reporters] and "
        "[activists|opponents].",
        "{ngo} said the trial raised [serious|grave] concerns about press freedom and due process.",
        "Critics warned that the security-first approach left little room for "
        "[dissent|criticism|independent voices].",
        "The government rejected the report as [unfounded|baseless] and politically motivated, "
        "{attribution}.",
        "Several protesters were sentenced to [prison terms|between {n} months and {n} years in "
        "prison] after demonstrations in {city}.",
        "Lawyers denounced the prolonged pre-trial detention of their [clients|client].",
        "The report documents cases of arbitrary arrest and alleged ill-treatment in "
        "[custody|police stations].",
        "Press freedom rankings have placed the country near the bottom of the list for "
        "[several|many] years.",
        "[The journalist|The blogger|The activist] was [arrested|detained] {when} in {city} "
        "over [posts|comments] on social media, [his lawyer|her lawyer|relatives] {said}.",
        "[Families|Relatives] of the [detainees|prisoners] [gathered|protested] outside the "
        "court in {city} [on {weekday}|{when}].",
        "The [draft|new] law [gives|would give] the police [broad|wide] [powers|access] to "
        "[personal data|communications], {ngo} [warned|said].",
        "Officials [insisted|replied] that [all|the] [arrests|proceedings] [respected|followed] "
        "the law and [judicial|legal] safeguards.",
        "[Several|{n}] [newspapers|news websites] have [closed|shut down] in recent years "
        "[under|amid] [financial|legal] pressure, [the union|a press union] {said}.",
    ),
)

_LEADERSHIP = Topic(
    "royal_leadership",
    framed=True,
    weight=2,
    titles=(
        "King chairs meeting on [security|religious] strategy",
        "Royal instructions to strengthen religious training",
        "King receives {partner} envoy in Rabat",
        "[Throne Day|Royal] speech [stresses|highlights] African [integration|partnership]",
    ),
    sentences=(
        "Under the leadership of King Mohammed VI, the kingdom has adopted a multidimensional "
        "strategy against extremism, {official} {said}.",
        "The royal instructions called for [strengthening|expanding] the training of imams and "
        "religious guides.",
        "The King received the envoy of {partner}, who delivered a [message|letter] from his "
        "head of state.",
        "The sovereign's vision places human development at the heart of security policy, "
        "{official} {said}.",
        "The royal speech stressed the importance of the Atlantic facade for African integration.",
        "Religious diplomacy, led by the Commander of the Faithful, is presented as a pillar of "
        "soft power.",
        "[A royal message|The King's message] was read [out|] at the [opening|start] of the "
        "[conference|forum] in {city} {when}.",
        "The King [chaired|presided over] a [working session|meeting] [devoted|dedicated] to "
        "[water|energy|health] [projects|policy] at the palace in {city}.",
        "[Commentators|Editorialists] [praised|underlined] the [far-sighted|long-term] "
        "[vision|approach] of the monarch in [foreign|African] policy.",
        "The [royal|King's] [initiative|programme] [has benefited|will benefit] [{big}|more "
        "than {big}] [families|young people] in {region}, {attribution}.",
    ),
)

_SPORT = Topic(
    "sport",
    framed=False,
    weight=14,
    titles=(
        "{team} beat {team} in league [thriller|clash]",
        "{team} held to a draw at home",
        "Athletics: national record falls in {city}",
        "Coach confident ahead of [cup final|derby]",
        "{team} sign new forward on a [three-year|two-year] deal",
        "{team} [crash out of|through to the semi-finals of] the Throne Cup",
    ),
    sentences=(
        "{team} beat {team} {n} goals to one [on {weekday} evening|on {weekday}|at home] in "
        "front of {big} [fans|spectators|supporters].",
        "In the [first|second] half, {player} opened the scoring [after {num} minutes|shortly "
        "before the break] with a [powerful|glancing|bullet] header.",
        "The visitors created a constant threat on goal in the second half but [failed|were "
        "unable] to equalise.",
        "The coach praised the [attitude|spirit|commitment] of his players despite a "
        "[difficult|slow|nervous] start.",
        "With this [win|victory], {team} move up to [third|second|fourth] place in the table.",
        "The match was [interrupted|halted] for several minutes because of [heavy rain|a "
        "floodlight failure|crowd trouble].",
        "The national team will play two friendly matches [next month|in {month}] in "
        "{foreign_city}.",
        "The [middle-distance|long-distance] runner broke the national record by more than a "
        "second [in {city}|at the meeting in {foreign_city}].",
        "[Supporters|Fans] celebrated late into the night in the streets of {city}.",
        "The club confirmed that {player} would miss the next {n} matches [through injury|with "
        "a hamstring problem|after a red card].",
        "The referee awarded a penalty after [a review of the images|consulting the VAR "
        "monitor], and {player} [converted|missed] it.",
        "Tickets for the [final|derby] sold out within hours, the federation {said}.",
        "[Attendance|The crowd] at {city}'s [new|renovated] stadium [reached|topped] {big}, a "
        "[season|club] record.",
        "[The manager|The coach] {said} his side [lacked|showed] [sharpness|composure] in front "
        "of goal.",
        "{team} [have now won|are unbeaten in] their last {n} [games|matches] in all competitions.",
        "[The handball|The basketball|The volleyball] team [qualified|booked its place] for "
        "the African [championship|cup] [after beating|with a win over] {partner}.",
        "[The federation|The league] [announced|confirmed] that the [season|championship] will "
        "[resume|start] on {weekday} [after the international break|in {month}].",
    ),
)

_ECONOMY = Topic(
    "economy",
    framed=False,
    weight=16,
    titles=(
        "Inflation [slows|eases] to {pct}% in {month}",
        "Exports of {sector} rise by {pct}%",
        "Central bank keeps key rate unchanged",
        "Higher profits for {company}",
        "Tourist arrivals reach record level",
        "Drought weighs on {crop} harvest",
        "[Investment|Credit] to businesses [picks up|slows] in {month}",
    ),
    sentences=(
        "Consumer prices rose by {pct}% [year on year|over twelve months|on an annual basis], "
        "according to the planning commission.",
        "Exports from {sector} grew by {pct}% over the first {n} months of the year.",
        "The central bank left its key rate unchanged at {pct}%, [citing|pointing to] easing "
        "inflation.",
        "In its annual results, {company} posted a net profit of {num} million dirhams, up "
        "{pct}% on the previous year.",
        "The trade deficit [narrowed|shrank] thanks to higher sales of phosphates and "
        "[cars|vehicles|aircraft parts].",
        "Tourist arrivals reached {big} in a single month, a record for the season.",
        "The {crop} harvest is expected to fall by {pct}% because of [the drought|low rainfall].",
        "Economists expect growth of around {pct}% this year, driven by [domestic demand|"
        "household consumption|public investment].",
        "The government plans to invest {num} billion dirhams in [water infrastructure|"
        "desalination plants|rural roads].",
        "Unemployment remained high among young graduates, at {pct}%.",
        "Economic cooperation between the two countries focused on energy and ports.",
        "The new industrial zone near {city} is expected to create {big} jobs.",
        "[Shares|The main index] on the Casablanca stock exchange [rose|fell] {pct}% "
        "[on {weekday}|over the week].",
        "[Analysts|Bankers] {said} the [drop|rise] in [fuel|food] prices would [ease|add to] "
        "pressure on household budgets.",
        "[Remittances|Transfers] from Moroccans living abroad [grew|increased] by {pct}% "
        "[in|during] the first half.",
        "{company} [plans|intends] to [open|build] a [new plant|second factory|logistics hub] "
        "near {city} [by next year|within two years].",
    ),
)

_WEATHER = Topic(
    "weather",
    framed=False,
    weight=8,
    titles=(
        "Heavy rain expected in {region}",
        "Heatwave: temperatures to reach [45|46|47] degrees",
        "Dams filled to {pct}% after storms",
        "Snow cuts roads in the Atlas",
        "[Floods|Storms] [hit|disrupt] {city}",
    ),
    sentences=(
        "The meteorological office issued an [orange|yellow|red] alert for [heavy rain|snow|"
        "strong winds] in {region} [from {weekday}|until {weekday}].",
        "Temperatures could reach {age} degrees in the [interior|plains of {region}] [on "
        "{weekday}|this week].",
        "The threat of [thunderstorms|showers] will persist until the end of the week.",
        "Dam filling rates rose to {pct}% after the recent [rainfall|storms], [the ministry|"
        "the water agency] {said}.",
        "Several roads in {region} were cut by [snow|floods|landslides], the ministry of "
        "equipment {said}.",
        "Farmers [welcomed|celebrated] the rain after {n} years of drought.",
        "Strong winds disrupted ferry crossings in the Strait of Gibraltar [on {weekday}|{when}].",
        "Fog is expected on the [Atlantic coast|coast of {region}] in the early morning.",
        "[Forecasters|The weather service] expect [cooler|milder|drier] conditions from "
        "{weekday}, with [showers|light rain] in {region}.",
        "[Civil protection|Emergency] teams [evacuated|helped] [families|residents] in "
        "[low-lying|flooded] [neighbourhoods|villages] near {city}.",
        "[Schools|Classes] in [{region}|{city}] were [suspended|closed] [for {n} days|on "
        "{weekday}] [as a precaution|because of the weather].",
        "[The heat|Hot winds] [increased|raised] the risk of forest fires in {region}, "
        "[officials|the water and forests agency] [warned|said].",
        "[Rainfall|Precipitation] [since September|this season] is {pct}% [above|below] the "
        "[average|normal] for the period.",
    ),
)

_CULTURE = Topic(
    "culture",
    framed=False,
    weight=10,
    titles=(
        "Curtain rises on {festival} in {city}",
        "Award for {artist} and a new work",
        "Museum in {city} reopens after renovation",
        "Book fair draws record crowds",
        "[Film|Music] [week|season] [opens|closes] in {city}",
    ),
    sentences=(
        "Organisers said {festival} opened on {weekday} in {city} with a concert attended by "
        "{big} people.",
        "At the ceremony, {artist} was honoured for a body of work spanning [three|four] decades.",
        "The programme includes {num} [films|shows|concerts] from {n} countries.",
        "The museum's collection of [ceramics|textiles|jewellery] and manuscripts has been "
        "entirely rehung.",
        "Publishers reported strong sales of [children's books|comics] and novels in "
        "[Arabic|French|Amazigh].",
        "Organisers said the event would travel to {foreign_city} next year.",
        "Workshops for young people will be held in [schools|cultural centres] across {city}.",
        "Critics praised the production for its [bold|inventive|sober] staging and "
        "[music|lighting].",
        "Admission is free for [students|children] and visitors under {age}.",
        "[The exhibition|The retrospective] [brings together|gathers] {num} works, many of them "
        "[never shown|rarely seen] in public.",
        "[Tickets|Seats] for the [closing concert|opening night] sold out [in a day|within "
        "hours], organisers {said}.",
        "[The novel|The documentary|The album] [tells|follows] the story of a [family|fisherman|"
        "young woman] in [{city}|{region}] [in the 1970s|after independence|today].",
        "[The restoration|The works] of the [old medina|historic theatre] in {city} cost "
        "{num} million dirhams, [the ministry|the city council] {said}.",
        "[A tribute|An evening] to [the late|the celebrated] [singer|poet|composer] "
        "[will close|opened] the [festival|season] {when}.",
    ),
)

_CONTEXT = (
    "The statement did not give further details.",
    "Meanwhile, {official} is expected to travel to {foreign_city} [next month|in the coming "
    "weeks].",
    "Investigations are continuing under the supervision of the [competent|public] prosecutor.",
    "The ministry said more information would be released in the coming days.",
    "The announcement came [a week|two weeks|days] after a visit by a delegation from {partner}.",
    "Local media reported the news on {weekday} [morning|evening].",
    "A press conference is scheduled for {weekday} in {city}.",
    "Talks also covered [trade|tourism], investment and [education|health].",
    "The two delegations agreed to meet again before the end of the year.",
    "Neither side disclosed the amount involved.",
    "{source} declined to comment on the details of the case.",
    "The figures have not been independently verified.",
    "[The news|The announcement] was [widely|briefly] [shared|discussed] on social media.",
    "It was not immediately clear [when|how] the [measures|decisions] would take effect.",
    "[Reporters|Journalists] were not allowed to attend the [meeting|hearing].",
    "[More details|Further information] [are expected|will be given] [on {weekday}|next week], "
    "{attribution}.",
    "[A similar|An earlier] [case|announcement] [had been|was] [reported|made] in {city} "
    "[last year|in {month}].",
    "[The text|The decision] will be [published|examined] [in the official bulletin|by "
    "parliament] [soon|in {month}].",
)

# fmt: off
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
# fmt: on


def _stylize(texts: list[str], rng: random.Random) -> list[str]:
    """House styles: American spelling at some outlets, typographic apostrophes at others."""
    if rng.random() < 0.3:
        texts = [t.replace("isation", "ization").replace("ised", "ized") for t in texts]
    if rng.random() < 0.4:
        texts = [t.replace("'", "’") for t in texts]
    return texts


PHRASEBOOK = Phrasebook(
    language="en",
    outlets=("atlantic-ledger.example", "strait-observer.example", "north-africa-wire.example"),
    months=_MONTHS,
    dateline="{city}, {day} {month} {year} —",
    slots={**_SLOTS, "month": _MONTHS},
    context=_CONTEXT,
    topics=(
        _COUNTER_TERRORISM,
        _COOPERATION,
        _EXPERTISE,
        _SAHEL,
        _SOVEREIGNTY,
        _RIGHTS,
        _LEADERSHIP,
        _SPORT,
        _ECONOMY,
        _WEATHER,
        _CULTURE,
    ),
    stylize=_stylize,
)
