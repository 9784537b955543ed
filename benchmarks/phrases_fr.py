"""French news templates: security diplomacy (with frame cues) and unrelated beats.

Accents, elisions (l', d', qu') and house styles (typographic apostrophes,
non-breaking spaces before high punctuation) as French outlets write them.
"""

from __future__ import annotations

import random

from benchmarks.phrasebook import Phrasebook, Topic

# fmt: off
_SLOTS: dict[str, tuple[str, ...]] = {
    "ville": (
        "Rabat", "Casablanca", "Tanger", "Fès", "Marrakech", "Agadir", "Oujda", "Tétouan",
        "Meknès", "Nador", "Laâyoune", "Dakhla", "Kénitra", "El Jadida", "Safi",
    ),
    "port": ("Tanger Med", "Casablanca", "Nador", "Agadir", "Algésiras", "Almería"),
    "pays": (
        "l'Espagne", "la France", "l'Allemagne", "la Belgique", "l'Italie", "le Portugal",
        "le Royaume-Uni", "le Sénégal", "la Mauritanie", "l'Arabie saoudite", "le Qatar",
        "la Côte d'Ivoire", "le Nigeria", "le Japon",
    ),
    "pays_de": (
        "d'Espagne", "de France", "des États-Unis", "d'Allemagne", "de Belgique", "d'Italie",
        "du Portugal", "du Sénégal", "de Mauritanie", "d'Arabie saoudite", "du Qatar",
        "de Côte d'Ivoire", "du Nigeria",
    ),
    "sahel": ("du Mali", "du Niger", "du Burkina Faso", "du Tchad", "de Mauritanie"),
    "ville_etr": (
        "Madrid", "Paris", "Bruxelles", "Washington", "Riyad", "Abou Dhabi", "Dakar",
        "Abidjan", "Lisbonne", "Rome", "Berlin", "Genève", "Vienne", "Nouakchott", "Doha",
    ),
    "service": (
        "la Direction générale de la sûreté nationale (DGSN)",
        "la Direction générale de la surveillance du territoire (DGST)",
        "le Bureau central d'investigations judiciaires (BCIJ)",
        "la Gendarmerie royale",
        "le pôle antiterroriste",
        "la police judiciaire",
    ),
    "responsable": (
        "le ministre de l'Intérieur", "le ministre des Affaires étrangères",
        "le directeur général de la sûreté nationale", "un haut responsable sécuritaire",
        "le porte-parole du gouvernement", "le ministre de la Justice",
        "un diplomate proche du dossier", "l'ambassadeur", "un conseiller du ministre",
    ),
    "org": ("Interpol", "Europol", "Afripol", "l'ONU", "l'Union africaine"),
    "centre": (
        "un centre de recherche de Rabat", "un institut madrilène",
        "un centre d'études atlantiques", "un cercle de réflexion bruxellois",
        "une université dakaroise",
    ),
    "ong": (
        "Une ONG de défense des droits humains", "Une organisation de défense de la presse",
        "Un collectif d'avocats", "Une coalition d'associations locales",
        "Une organisation internationale",
    ),
    "n": ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "douze"),
    "num": ("14", "23", "31", "46", "58", "72", "85", "120", "154", "210", "340"),
    "gros": ("1 200", "2 500", "4 800", "7 300", "12 000", "18 500", "35 000", "60 000"),
    "pct": ("1,2", "2,4", "3,1", "4,7", "5,5", "6,8", "7,9", "9,3", "12,6", "15,4"),
    "age": ("19", "21", "24", "27", "29", "33", "36", "41", "45", "52"),
    "jour": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "rang": ("troisième", "quatrième", "cinquième", "sixième", "huitième", "dixième"),
    "club": (
        "le Raja de Casablanca", "le Wydad", "l'AS FAR", "la RS Berkane", "le MAS de Fès",
        "le Hassania d'Agadir", "le Moghreb de Tétouan", "l'Olympique de Safi", "le FUS de Rabat",
        "l'Ittihad de Tanger",
    ),
    "joueur": (
        "le jeune ailier", "l'attaquant expérimenté", "le capitaine", "le gardien",
        "le milieu de terrain", "le remplaçant", "l'arrière gauche", "la nouvelle recrue",
    ),
    "entreprise": (
        "la compagnie aérienne nationale", "le groupe phosphatier", "un opérateur télécom",
        "un constructeur automobile", "un développeur d'énergie solaire",
        "une coopérative laitière", "un exportateur de textile", "l'office ferroviaire",
    ),
    "secteur": (
        "du tourisme", "de l'agriculture", "de l'automobile", "du textile",
        "des énergies renouvelables", "du bâtiment", "de la pêche", "de l'aéronautique",
    ),
    "culture": ("du blé", "des olives", "des agrumes", "des tomates", "de l'orge", "des dattes"),
    "artiste": (
        "le romancier", "une jeune réalisatrice", "le maâlem gnaoua", "la peintre",
        "un joueur d'oud renommé", "la photographe", "le dramaturge",
    ),
    "festival": (
        "festival des musiques sacrées", "festival international du film", "salon du livre",
        "festival de jazz", "festival des arts de la rue", "festival de poésie",
    ),
    "region": (
        "le Nord", "le Rif", "le Moyen Atlas", "l'Oriental", "la plaine du Souss",
        "le littoral atlantique", "le Sud-Est", "la plaine du Saïss",
    ),
    "drogue": (
        "résine de cannabis", "cocaïne", "comprimés psychotropes", "faux billets",
        "cigarettes de contrebande",
    ),
    "suspects": ("suspects", "individus", "membres présumés", "personnes"),
    "dit": ("a déclaré", "a indiqué", "a souligné", "a expliqué", "a précisé", "a affirmé"),
    "source": (
        "les autorités", "une source sécuritaire", "les enquêteurs", "le parquet",
        "une source proche du dossier", "un porte-parole de la police", "{personne}, {role},",
    ),
    "quand": (
        "{jour}", "{jour} soir", "{jour} matin", "cette semaine", "en fin de semaine",
        "dans la nuit de {jour}",
    ),
    "selon": (
        "selon un communiqué", "selon les autorités", "a indiqué une source", "selon la presse "
        "locale", "a précisé le ministère", "selon le parquet", "a déclaré {personne}, {role}",
        "selon {personne}, {role}", "estime {personne}, {role}",
    ),
    "personne": ("{prenom} {nom}",),
    "prenom": (
        "Karim", "Nadia", "Youssef", "Salma", "Hicham", "Leïla", "Omar", "Imane", "Rachid",
        "Meryem", "Anas", "Zineb", "Mehdi", "Khadija", "Tarik", "Sofia", "Javier", "Claire",
        "Pedro", "Anne", "Ibrahima", "Aminata", "Daniel", "Hélène", "Marco",
    ),
    "nom": (
        "Alaoui", "Bennani", "El Idrissi", "Tazi", "Berrada", "Chraïbi", "Amrani", "Ouazzani",
        "Lahlou", "Benjelloun", "Fassi", "Kettani", "Ziani", "Haddaoui", "Sefrioui", "Moreno",
        "Dubois", "Ferreira", "Diallo", "Ndiaye", "Keller", "Rossi", "Martin", "Sy", "Cherkaoui",
    ),
    "role": (
        "chercheur dans {centre}", "ancien diplomate", "analyste des questions de sécurité",
        "porte-parole du ministère", "professeur de relations internationales", "élu local",
        "avocat", "économiste", "député", "ancien commissaire de police", "journaliste à {ville}",
    ),
}
# fmt: on

_ANTITERRORISME = Topic(
    "counter_terrorism",
    framed=True,
    weight=6,
    titles=(
        "Démantèlement d'une cellule terroriste entre {ville} et {ville}",
        "Une [cellule|filière] liée à l'État islamique démantelée",
        "Projet d'attentat à {ville} : {n} interpellations",
        "Les services de sécurité déjouent un projet d'[attaque|attentat]",
        "Saisie [record|importante] de {drogue} au port de {port}",
        "Antiterrorisme : nouvelles arrestations à {ville}",
        "{ville} : des extrémistes présumés [interpellés|arrêtés] à l'aube",
    ),
    sentences=(
        "[Dans un communiqué|Dans un communiqué diffusé {quand}], {service} a annoncé le "
        "[démantèlement|démantèlement] d'une cellule terroriste de {n} [membres|individus] "
        "[active|opérant] entre {ville} et {ville}.",
        "Les {suspects}, âgés de {age} à {age} ans, avaient prêté allégeance à "
        "[l'organisation État islamique|Daech|l'organisation terroriste Daech], {selon}.",
        "[Les enquêteurs|Les policiers|Les agents] ont saisi des [explosifs|produits "
        "explosifs], des armes blanches et des [supports de propagande extrémiste|documents "
        "de propagande] lors de [perquisitions|fouilles] à {ville}.",
        "L'opération a été menée en [étroite coordination|étroite collaboration] avec les "
        "services {pays_de}, qui ont [partagé|fourni] des [renseignements|informations] sur le "
        "réseau.",
        "Il s'agit de la {rang} cellule [démantelée|neutralisée] depuis le début de l'année, "
        "{selon}.",
        "Selon {source}, la menace des loups solitaires [radicalisés|recrutés] en ligne reste "
        "[élevée|sérieuse].",
        "La police a [également|par ailleurs] saisi {num} tonnes de {drogue} [dissimulées|"
        "cachées] dans un [camion|camion frigorifique|semi-remorque] au port de {port}.",
        "Les [trafiquants|réseaux criminels|passeurs] utilisent de plus en plus [les routes du "
        "Sahel|les pistes sahariennes|la route atlantique], selon un chercheur d'{centre}.",
        "D'après l'enquête, les suspects [projetaient|prévoyaient] de viser des [sites "
        "sensibles|bâtiments publics|lieux touristiques].",
        "L'affaire a été confiée au [parquet|pôle] chargé des affaires de terrorisme à Rabat.",
        "Selon [les analystes|les experts|plusieurs chercheurs], les groupes djihadistes du "
        "Sahel tentent de recruter des jeunes [via des messageries chiffrées|sur les réseaux "
        "sociaux].",
        "Les interpellations font suite à une enquête conjointe avec {pays} sur un réseau de "
        "[passeurs|trafic de migrants] opérant en [Méditerranée|Atlantique].",
        "L'un des suspects aurait tenté de rejoindre une zone de conflit, a indiqué une source "
        "[proche de l'enquête|sécuritaire].",
        "Le crime organisé et le terrorisme sont de plus en plus [liés|imbriqués], {dit} "
        "{responsable}.",
        "La cellule était [en contact|en lien] avec un [membre|cadre] d'Al-Qaïda au Maghreb "
        "islamique (AQMI).",
        "Les unités de lutte contre la cybercriminalité ont identifié les comptes [utilisés|"
        "servant] à diffuser des appels à la violence.",
        "Les [suspects|mis en cause] ont été placés en garde à vue [sous la supervision|à la "
        "demande] du parquet [compétent|général].",
        "[Des démineurs|Des équipes de la police scientifique] ont été [dépêchés|mobilisés] "
        "pour [examiner|sécuriser] le [matériel|les engins] découverts [sur place|au domicile].",
    ),
)

_COOPERATION = Topic(
    "police_cooperation",
    framed=True,
    weight=5,
    titles=(
        "{ville} accueille une réunion d'{org} sur la coopération policière",
        "Rabat et {pays} signent un accord de coopération sécuritaire",
        "Les chefs de la sécurité réunis à {ville_etr} pour renforcer l'échange d'informations",
        "Un partenariat salué dans la lutte contre le terrorisme",
        "Exercice conjoint axé sur la sécurité maritime",
        "[Les ministres de l'Intérieur|Les chefs de police] veulent renforcer leur coordination",
    ),
    sentences=(
        "{ville} accueillera la {rang} [session|édition] de la conférence d'{org}, qui réunit "
        "[les chefs de police|des responsables sécuritaires] de {num} pays.",
        "Les deux pays ont signé un mémorandum d'entente sur la [coopération sécuritaire|"
        "coopération policière] et l'échange d'informations.",
        "La réunion a [réaffirmé|mis en avant] le partenariat [stratégique|historique] entre le "
        "Maroc et {pays} dans la lutte contre le terrorisme et la criminalité organisée.",
        "Les exercices conjoints des deux [marines|garde-côtes] porteront sur la sûreté "
        "maritime et [l'immigration clandestine|le trafic de migrants].",
        "[À cette occasion|En marge de la réunion], {responsable} s'est entretenu avec son "
        "homologue {pays_de} du partage du renseignement et des patrouilles mixtes.",
        "L'accord prévoit des officiers de liaison et un groupe de travail conjoint sur la "
        "[criminalité transfrontalière|criminalité transnationale].",
        "[Les délégués|Les participants] ont salué une coopération sécuritaire "
        "[exemplaire|remarquable] entre les deux [royaumes|pays].",
        "Les deux parties sont convenues d'accélérer les demandes d'extradition et le "
        "[traitement|suivi] des notices rouges, {selon}.",
        "L'organisation de l'événement traduit la confiance des partenaires internationaux dans "
        "les institutions marocaines.",
        "[L'assemblée générale|La conférence] abordera le financement du terrorisme, la "
        "cybercriminalité et la protection des infrastructures [critiques|vitales].",
        "Selon {source}, la relation constitue un modèle de sécurité collective en "
        "[Méditerranée|Méditerranée occidentale].",
        "Une opération conjointe avec {pays} a permis la saisie de {num} kilogrammes de {drogue}.",
        "La réunion a [également|aussi] porté sur la gestion des frontières et la "
        "[réadmission|le retour] des migrants en situation irrégulière.",
        "[Les ministres|Les délégations] ont convenu de [créer|mettre en place] un canal "
        "[permanent|régulier] de [concertation|dialogue] sur les questions de sécurité.",
    ),
)

_EXPERTISE = Topic(
    "security_expertise",
    framed=True,
    weight=3,
    titles=(
        "La police marocaine formera des agents {sahel}",
        "L'expertise sécuritaire marocaine prisée en Afrique",
        "Une nouvelle académie de police ouvre à {ville}",
        "Le savoir-faire marocain en matière de déradicalisation sollicité",
        "[L'intelligence artificielle|Le numérique] au service de la police à {ville}",
    ),
    sentences=(
        "L'expertise sécuritaire du Maroc est de plus en plus [recherchée|sollicitée] par ses "
        "partenaires [africains|européens], {dit} {responsable}.",
        "Quelque {num} [policiers|gendarmes|gardes-frontières] {sahel} seront formés à {ville} "
        "dans le cadre de [l'accord|ce programme].",
        "La direction a [déployé|lancé] [une nouvelle carte d'identité électronique|un passeport "
        "biométrique] et un laboratoire de police scientifique recourant à l'intelligence "
        "artificielle.",
        "La modernisation de la police s'est traduite par des [caméras-piétons|drones], des "
        "plateformes numériques et de nouvelles [écoles|académies] de formation, {selon}.",
        "[Plusieurs|Au moins {n}] pays s'intéressent au modèle marocain de formation religieuse, "
        "qui a formé des imams venus de toute l'Afrique [de l'Ouest|subsaharienne].",
        "Le royaume se présente désormais comme un producteur de sécurité et non plus comme un "
        "simple consommateur, [note un analyste|estime un chercheur d'{centre}].",
        "Des informations fournies par les services marocains ont permis de prévenir des "
        "attentats en [Europe|Espagne|France|Belgique], selon des responsables à {ville_etr}.",
        "Le programme comprend une assistance technique et un renforcement des capacités "
        "[des polices aux frontières|des douaniers|de la police judiciaire].",
        "Un nouveau centre de commandement relie les caméras de [surveillance|circulation] de "
        "{ville} à une plateforme centrale [inaugurée|mise en service] {quand}.",
        "Les formateurs de [l'académie|l'institut] partageront leur savoir-faire en matière de "
        "[lutte antiterroriste|cybercriminalité] et de maintien de l'ordre.",
        "Le cursus [associe|combine] exercices de terrain et [modules|cours] sur les droits de "
        "l'homme et la [déontologie|éthique professionnelle], {selon}.",
        "Les policiers de {ville} [utilisent|disposent] désormais [d'une application mobile|de "
        "tablettes] pour [rédiger leurs procès-verbaux|contrôler les documents] [sur place|en "
        "temps réel].",
        "Le laboratoire de police scientifique de {ville} a [traité|analysé] [plus de {gros}|"
        "{gros}] [échantillons|dossiers] l'an dernier, {selon}.",
        "Des [délégations|officiers] {pays_de} ont [visité|découvert] [l'académie|le centre de "
        "commandement] {quand} afin d'en [étudier|observer] les méthodes.",
        "Les femmes représentent [désormais|aujourd'hui] [{pct} %|une part croissante] des "
        "[élèves policiers|nouvelles recrues].",
    ),
)

_SAHEL = Topic(
    "regional_stability",
    framed=True,
    weight=3,
    titles=(
        "L'instabilité au Sahel pèse sur la sécurité régionale",
        "Le Maroc, pôle de stabilité selon les diplomates",
        "L'initiative atlantique ouvre l'océan aux pays du Sahel",
        "Les tensions frontalières font craindre une escalade",
        "[Crise|Coup d'État] au Sahel : les voisins [inquiets|en alerte]",
    ),
    sentences=(
        "L'instabilité au Sahel, où les groupes armés ont [étendu leur emprise|gagné du "
        "terrain], pèse sur la sécurité de [toute la région|l'Afrique du Nord et de l'Ouest].",
        "[Les diplomates|Des responsables occidentaux] décrivent le royaume comme un pôle de "
        "stabilité dans un voisinage [troublé|instable].",
        "[L'initiative|Le projet] vise à offrir aux États enclavés du Sahel un accès à "
        "l'Atlantique par les ports du Sud, {selon}.",
        "Des chercheurs d'{centre} estiment que les [coups d'État|putschs] ont créé un vide "
        "sécuritaire.",
        "Le ministre a plaidé pour une réponse africaine aux crises africaines, fondée sur le "
        "[développement|l'intégration économique] et la sécurité.",
        "Le passage d'El Guerguerat demeure une artère stratégique pour le commerce avec "
        "l'Afrique de l'Ouest, {selon}.",
        "La stabilité régionale dépend de la coopération entre les pays du [Maghreb|voisinage], "
        "a souligné {responsable}.",
        "[Les observateurs|Les diplomates] craignent que le conflit ne s'étende aux pays "
        "[côtiers voisins|du golfe de Guinée].",
        "La situation [fragile|incertaine] a [déplacé|jeté sur les routes] des milliers de "
        "personnes, selon [les agences humanitaires|les ONG].",
        "La médiation [conduite|proposée] par {pays} n'a pas [encore|jusqu'ici] permis de "
        "[dénouer|désamorcer] la crise.",
        "Des [convois|camions] de [carburant|marchandises|vivres] ont été [attaqués|bloqués] "
        "sur la route de la capitale {quand}.",
        "Selon {source}, la pauvreté et [le changement climatique|la sécheresse] "
        "[alimentent|nourrissent] l'insécurité dans la région.",
        "{pays} a [promis|annoncé] [une nouvelle aide|{num} millions d'euros] pour "
        "[stabiliser|soutenir] les zones frontalières, {selon}.",
    ),
)

_SOUVERAINETE = Topic(
    "sovereignty_recognition",
    framed=True,
    weight=3,
    titles=(
        "Soutien réaffirmé au plan d'autonomie",
        "Ouverture d'un nouveau consulat à [Dakhla|Laâyoune]",
        "Rabat salue la position de {pays} sur le Sahara",
        "Offensive diplomatique : de nouveaux soutiens à l'initiative d'autonomie",
        "[Résolution|Vote] du Conseil de sécurité : Rabat se félicite",
    ),
    sentences=(
        "[De son côté|Dans une déclaration conjointe], {pays} a réitéré son soutien au plan "
        "d'autonomie, qualifié de base la plus [sérieuse et crédible|réaliste] pour un "
        "règlement.",
        "La décision a été [saluée|accueillie] à Rabat comme une reconnaissance de l'intégrité "
        "territoriale du royaume.",
        "L'ouverture d'un consulat à [Dakhla|Laâyoune] traduit un soutien international "
        "[croissant|large], selon {source}.",
        "Le chef de la diplomatie a insisté sur le fait que la souveraineté nationale sur les "
        "provinces du Sud n'était [pas négociable|une ligne rouge].",
        "Le [communiqué|texte] salue le rôle du Maroc en tant que partenaire fiable et crédible.",
        "La déclaration conjointe a été présentée comme un succès diplomatique par [la presse "
        "marocaine|les médias nationaux].",
        "L'ambassadeur a qualifié la position {pays_de} de tournant dans les relations "
        "bilatérales.",
        "Pour sa part, {responsable} a affirmé que le royaume n'accepterait aucune ingérence "
        "dans ses affaires intérieures.",
        "[Plus de|Au total,] {num} pays ont [ouvert un consulat|exprimé leur soutien], selon le "
        "ministère des Affaires étrangères.",
        "[L'opposition|Des élus] {pays_de} ont [critiqué|contesté] ce [revirement|choix], pris "
        "selon eux sans [débat|concertation].",
        "La visite {quand} [ouvre|marque] une [nouvelle page|nouvelle étape] dans les relations "
        "entre Rabat et {pays}, {selon}.",
        "Les [investissements|chantiers] dans les provinces du Sud sont [présentés|cités] comme "
        "la preuve du développement de la région.",
    ),
)

_DROITS = Topic(
    "rights_criticism",
    framed=True,
    weight=2,
    titles=(
        "Des ONG dénoncent la surveillance de journalistes",
        "Le procès d'un journaliste inquiète les défenseurs de la presse",
        "Un rapport accuse les autorités d'utiliser un logiciel espion",
        "Des militants réclament la libération de manifestants",
        "Une [loi|réforme] sur la surveillance [critiquée|contestée]",
    ),
    sentences=(
        "{ong} accuse les autorités d'avoir recours à un logiciel espion pour surveiller des "
        "[journalistes|reporters] et des [militants|opposants].",
        "{ong} estime que le procès soulève de [graves|sérieuses] inquiétudes pour la liberté "
        "de la presse.",
        "Les critiques dénoncent une approche tout-sécuritaire qui laisse peu de place à la "
        "[contestation|critique|parole indépendante].",
        "Le gouvernement a rejeté un rapport jugé [infondé|sans fondement] et politiquement "
        "motivé, {selon}.",
        "Plusieurs manifestants ont été condamnés à [des peines de prison|{n} mois de prison "
        "ferme] après des rassemblements à {ville}.",
        "Les avocats ont dénoncé la détention préventive prolongée de leurs clients.",
        "Le rapport recense des cas d'arrestations arbitraires et de mauvais traitements "
        "présumés en garde à vue.",
        "Le pays figure depuis [plusieurs|de nombreuses] années en bas du classement mondial de "
        "la liberté de la presse.",
        "[Le journaliste|Le blogueur|Le militant] a été [arrêté|interpellé] {quand} à {ville} "
        "pour des [publications|commentaires] sur les réseaux sociaux, selon [son avocat|ses "
        "proches].",
        "Des familles de détenus se sont rassemblées devant le tribunal de {ville} {quand}.",
        "Le [projet de loi|nouveau texte] donnerait à la police un large accès aux [données "
        "personnelles|communications], [avertit|selon] {ong}.",
        "Les autorités [assurent|répondent] que les [procédures|arrestations] ont respecté la "
        "loi et les garanties judiciaires.",
    ),
)

_LEADERSHIP = Topic(
    "royal_leadership",
    framed=True,
    weight=2,
    titles=(
        "Le Roi préside une réunion sur la stratégie [sécuritaire|religieuse]",
        "Instructions royales pour renforcer la formation religieuse",
        "Le Souverain reçoit un émissaire {pays_de}",
        "Le discours royal [met l'accent sur|souligne] l'intégration africaine",
    ),
    sentences=(
        "Sous le leadership du Roi Mohammed VI, le royaume a adopté une stratégie "
        "multidimensionnelle contre l'extrémisme, {dit} {responsable}.",
        "Les Hautes instructions royales appellent à [renforcer|étendre] la formation des imams "
        "et des morchidates.",
        "Le Souverain a reçu l'émissaire {pays_de}, porteur d'un [message|courrier] de son chef "
        "d'État.",
        "La vision du Souverain place le développement humain au cœur de la politique de "
        "sécurité, {dit} {responsable}.",
        "Le discours royal a insisté sur l'importance de la façade atlantique pour "
        "l'intégration africaine.",
        "La diplomatie religieuse, conduite par le Commandeur des croyants, est présentée comme "
        "un levier de soft power.",
        "Un message royal a été lu à l'ouverture [du forum|de la conférence] de {ville} {quand}.",
        "Le Roi a présidé une séance de travail consacrée aux [projets|questions] de [l'eau|"
        "l'énergie|la santé] au palais de {ville}.",
        "[Les éditorialistes|Les commentateurs] ont salué la vision [à long terme|clairvoyante] "
        "du monarque en matière de politique [étrangère|africaine].",
        "L'initiative royale [a bénéficié|bénéficiera] à [plus de {gros}|{gros}] [familles|"
        "jeunes] dans {region}, {selon}.",
    ),
)

_SPORT = Topic(
    "sport",
    framed=False,
    weight=14,
    titles=(
        "Botola : {club} s'impose face à {club}",
        "Match nul à domicile pour {club}",
        "Athlétisme : un record national tombe à {ville}",
        "L'entraîneur confiant avant la [finale de la Coupe du Trône|le derby]",
        "Mercato : une recrue de poids pour {club}",
        "Coupe du Trône : [élimination|qualification] pour {club}",
    ),
    sentences=(
        "Dans le choc de la journée, {club} a battu {club} {n} buts à un [{jour} soir|à "
        "domicile] devant {gros} [spectateurs|supporters].",
        "C'est {joueur} qui a ouvert le score [à la {num}e minute|juste avant la pause] d'une "
        "tête [puissante|décroisée|imparable].",
        "Les visiteurs ont multiplié les occasions en seconde période sans parvenir à égaliser.",
        "L'entraîneur a salué [l'état d'esprit|l'engagement|la solidarité] de ses joueurs "
        "malgré un début [difficile|poussif|crispé].",
        "Grâce à cette [victoire|succès], {club} remonte à la [troisième|deuxième|quatrième] "
        "place du classement.",
        "La rencontre a été interrompue plusieurs minutes en raison [de fortes pluies|d'une "
        "panne d'éclairage|d'incidents en tribune].",
        "La sélection nationale disputera deux matchs amicaux [le mois prochain|en {mois}] à "
        "{ville_etr}.",
        "Le coureur de [demi-fond|fond] a amélioré le record national de plus d'une seconde "
        "[à {ville}|lors du meeting de {ville_etr}].",
        "Les supporters ont fêté la victoire tard dans la nuit dans les rues de {ville}.",
        "Le club a confirmé que {joueur} manquerait les {n} prochains matchs [sur blessure|"
        "en raison d'une lésion musculaire|après son carton rouge].",
        "L'arbitre a accordé un penalty après avoir consulté la VAR, et {joueur} [l'a "
        "transformé|l'a manqué].",
        "Les billets pour la [finale|rencontre] se sont écoulés en quelques heures, selon la "
        "fédération.",
        "[L'affluence|Le public] du stade [rénové|nouveau] de {ville} a atteint {gros} "
        "spectateurs, un record [de la saison|pour le club].",
        "L'entraîneur a reconnu que son équipe avait manqué de [réalisme|lucidité] devant le but.",
        "{club} reste [invaincu|sur une série de victoires] depuis {n} matchs toutes "
        "compétitions confondues.",
        "L'équipe nationale de [handball|basket-ball|volley-ball] s'est qualifiée pour le "
        "championnat d'Afrique [en battant|aux dépens de] {pays}.",
        "La [ligue|fédération] a confirmé la reprise du championnat {jour} [après la trêve "
        "internationale|en {mois}].",
    ),
)

_ECONOMIE = Topic(
    "economy",
    framed=False,
    weight=16,
    titles=(
        "L'inflation [ralentit|recule] à {pct} % en {mois}",
        "Les exportations {secteur} progressent de {pct} %",
        "Bank Al-Maghrib maintient son taux directeur",
        "Bénéfices en hausse pour {entreprise}",
        "Arrivées touristiques : un nouveau record",
        "La sécheresse pèse sur la récolte {culture}",
        "Le crédit aux entreprises [repart|ralentit] en {mois}",
    ),
    sentences=(
        "Les prix à la consommation ont augmenté de {pct} % [sur un an|en glissement annuel], "
        "selon le Haut-Commissariat au Plan.",
        "Les exportations {secteur} ont progressé de {pct} % sur les {n} premiers mois de l'année.",
        "La banque centrale a maintenu son taux directeur à {pct} %, [invoquant|évoquant] le "
        "ralentissement de l'inflation.",
        "Selon ses résultats annuels, {entreprise} a dégagé un bénéfice net de {num} millions de "
        "dirhams, en hausse de {pct} %.",
        "Le déficit commercial s'est [réduit|resserré] grâce à la hausse des ventes de "
        "phosphates et [d'automobiles|de pièces aéronautiques].",
        "Les arrivées touristiques ont atteint {gros} en un seul mois, un record pour la saison.",
        "La récolte {culture} devrait reculer de {pct} % en raison [de la sécheresse|du manque "
        "de pluie].",
        "Les économistes tablent sur une croissance d'environ {pct} % cette année, portée par "
        "[la demande intérieure|la consommation des ménages|l'investissement public].",
        "Le gouvernement prévoit d'investir {num} milliards de dirhams dans [les "
        "infrastructures hydrauliques|le dessalement|les routes rurales].",
        "Le chômage reste élevé chez les jeunes diplômés, à {pct} %.",
        "La coopération économique entre les deux pays porte sur l'énergie et les ports.",
        "La nouvelle zone industrielle près de {ville} devrait créer {gros} emplois.",
        "L'indice principal de la Bourse de Casablanca a [gagné|perdu] {pct} % [{jour}|sur la "
        "semaine].",
        "Selon [les analystes|les banquiers], la [baisse|hausse] des prix [des carburants|"
        "alimentaires] devrait [alléger|alourdir] le budget des ménages.",
        "Les transferts des Marocains résidant à l'étranger ont [progressé|augmenté] de {pct} % "
        "au premier semestre.",
        "{entreprise} [prévoit|envisage] d'ouvrir [une nouvelle usine|un pôle logistique] près "
        "de {ville} [d'ici l'an prochain|dans les deux ans].",
    ),
)

_METEO = Topic(
    "weather",
    framed=False,
    weight=8,
    titles=(
        "Fortes pluies attendues dans {region}",
        "Vague de chaleur : jusqu'à [45|46|47] degrés",
        "Les barrages remplis à {pct} % après les orages",
        "La neige coupe des routes dans l'Atlas",
        "[Inondations|Intempéries] à {ville}",
    ),
    sentences=(
        "La Direction générale de la météorologie a émis une alerte [orange|jaune|rouge] pour "
        "[de fortes pluies|des chutes de neige|des vents violents] dans {region}.",
        "Les températures pourraient atteindre {age} degrés [à l'intérieur du pays|dans les "
        "plaines] [{jour}|cette semaine].",
        "La menace orageuse persistera jusqu'à la fin de la semaine.",
        "Le taux de remplissage des barrages a atteint {pct} % après les [dernières "
        "précipitations|récents orages], selon [le ministère|l'agence de bassin].",
        "Plusieurs routes ont été coupées par [la neige|les crues|des éboulements] dans "
        "{region}, selon le ministère de l'Équipement.",
        "Les agriculteurs ont accueilli la pluie avec soulagement après {n} années de sécheresse.",
        "Des vents violents ont perturbé les traversées maritimes dans le détroit de Gibraltar "
        "{quand}.",
        "Du brouillard est attendu sur le littoral atlantique en début de matinée.",
        "Les prévisionnistes annoncent un temps plus [frais|doux|sec] à partir de {jour}, avec "
        "[des averses|de faibles pluies] dans {region}.",
        "La protection civile a [évacué|aidé] des [familles|habitants] dans des quartiers "
        "[inondés|bas] près de {ville}.",
        "Les cours ont été suspendus [pendant {n} jours|{jour}] dans {region} [par "
        "précaution|en raison des intempéries].",
        "[La chaleur|Le chergui] a accru le risque de feux de forêt dans {region}, [avertit|"
        "selon] l'agence des eaux et forêts.",
        "Le cumul des pluies [depuis septembre|de la saison] est [supérieur|inférieur] de {pct} % "
        "à la normale.",
    ),
)

_CULTURE = Topic(
    "culture",
    framed=False,
    weight=10,
    titles=(
        "Coup d'envoi du {festival} à {ville}",
        "Un prix pour {artiste}",
        "Le musée de {ville} rouvre après rénovation",
        "Le salon du livre attire un public record",
        "[Semaine|Saison] du [film|jazz] à {ville}",
    ),
    sentences=(
        "Le {festival} s'est ouvert {jour} à {ville} par un concert devant {gros} personnes.",
        "Le prix a été décerné à {artiste} pour une œuvre couvrant [trois|quatre] décennies.",
        "La programmation compte {num} [films|spectacles|concerts] venus de {n} pays.",
        "Les collections de [céramiques|textiles|bijoux] et de manuscrits du musée ont été "
        "entièrement réaccrochées.",
        "Les éditeurs font état de bonnes ventes de [livres jeunesse|bandes dessinées] et de "
        "romans en [arabe|français|amazighe].",
        "Les organisateurs ont annoncé que l'événement ferait étape à {ville_etr} l'an prochain.",
        "Des ateliers pour les jeunes seront organisés dans les [écoles|maisons de la culture] "
        "de {ville}.",
        "La critique a salué une mise en scène [audacieuse|inventive|sobre] et une musique "
        "envoûtante.",
        "L'entrée est gratuite pour les [étudiants|enfants] et les moins de {age} ans.",
        "[L'exposition|La rétrospective] réunit {num} œuvres, dont beaucoup [jamais|rarement] "
        "montrées au public.",
        "Les places pour [le concert de clôture|la soirée d'ouverture] se sont arrachées "
        "[en une journée|en quelques heures].",
        "[Le roman|Le documentaire|L'album] raconte l'histoire d'une [famille|jeune femme] de "
        "{ville} [dans les années 1970|au lendemain de l'indépendance|aujourd'hui].",
        "La restauration [de la médina|du théâtre historique] de {ville} a coûté {num} millions "
        "de dirhams, selon [le ministère|la commune].",
        "Un hommage au [chanteur|poète|compositeur] [disparu|célèbre] [clôturera|a ouvert] la "
        "[saison|manifestation] {quand}.",
    ),
)

_CONTEXTE = (
    "Le communiqué n'a pas donné davantage de précisions.",
    "Par ailleurs, {responsable} est attendu à {ville_etr} [le mois prochain|dans les "
    "prochaines semaines].",
    "L'enquête se poursuit sous la supervision du parquet [compétent|général].",
    "Le ministère a indiqué que d'autres informations seraient communiquées dans les prochains "
    "jours.",
    "L'annonce intervient [une semaine|quelques jours] après la visite d'une délégation {pays_de}.",
    "La presse locale a relayé l'information {jour} [matin|soir].",
    "Une conférence de presse est prévue {jour} à {ville}.",
    "Les entretiens ont également porté sur [le commerce|le tourisme], l'investissement et "
    "[l'éducation|la santé].",
    "Les deux délégations sont convenues de se retrouver avant la fin de l'année.",
    "Aucune des deux parties n'a communiqué le montant en jeu.",
    "Les responsables n'ont pas souhaité commenter les détails de l'affaire.",
    "Ces chiffres n'ont pas pu être vérifiés de source indépendante.",
    "[L'information|L'annonce] a été [largement|abondamment] [partagée|commentée] sur les "
    "réseaux sociaux.",
    "On ignorait dans l'immédiat [quand|comment] ces mesures entreront en vigueur.",
    "[Les journalistes|La presse] n'ont pas été autorisés à assister à [la réunion|l'audience].",
    "[Plus de détails|D'autres précisions] sont attendus [{jour}|la semaine prochaine], {selon}.",
    "Une [affaire|annonce] similaire avait été [signalée|faite] à {ville} [l'an dernier|en "
    "{mois}].",
    "Le texte sera [publié au Bulletin officiel|examiné par le Parlement] [prochainement|en "
    "{mois}].",
)


# fmt: off
_MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)
# fmt: on

_NNBSP = "\u202f"


def _stylize(texts: list[str], rng: random.Random) -> list[str]:
    """House styles: typographic apostrophes, narrow no-break spaces, « guillemets »."""
    if rng.random() < 0.5:
        texts = [t.replace("'", "’") for t in texts]
    if rng.random() < 0.3:
        texts = [t.replace(" :", _NNBSP + ":").replace(" %", _NNBSP + "%") for t in texts]
    if rng.random() < 0.2:
        texts = [t.replace("État islamique", "« État islamique »") for t in texts]
    return texts


PHRASEBOOK = Phrasebook(
    language="fr",
    outlets=("vigie-atlantique.example", "courrier-du-detroit.example", "quotidien-sud.example"),
    months=_MOIS,
    dateline="{ville}, le {day} {month} {year} –",
    slots={**_SLOTS, "mois": _MOIS},
    context=_CONTEXTE,
    topics=(
        _ANTITERRORISME,
        _COOPERATION,
        _EXPERTISE,
        _SAHEL,
        _SOUVERAINETE,
        _DROITS,
        _LEADERSHIP,
        _SPORT,
        _ECONOMIE,
        _METEO,
        _CULTURE,
    ),
    stylize=_stylize,
)
