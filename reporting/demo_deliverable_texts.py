"""The texts of the deliverable's demo (reporting/demo_deliverable.py): fictional but plausible, in French, long enough
for a 20+ page demo PDF. People, places and figures are invented."""

VH, TV = "Ville Haute", "Trois Vallées"


def _markdown(sections) -> str:
    parts = []
    for heading, paragraphs in sections:
        parts.append(f"## {heading}")
        parts.extend(paragraphs)
    return "\n\n".join(parts)


STEP_1 = [
    (
        "Méthode de recueil des données",
        [
            "Les données quantitatives ont été rassemblées à partir des sources publiques disponibles : statistiques démographiques communales, indicateurs de l'observatoire régional de la santé, données de la mutualité sur le recours aux soins, et inventaire de l'offre tenu par le centre local de promotion de la santé. Nous avons volontairement limité ce travail à six semaines, pour ne pas retarder la mise en mouvement des acteurs.",
            "Chaque atelier de lecture croisée suivait le même déroulé : présentation de cinq à six indicateurs sous forme de cartes simples, travail en sous-groupes sur ce que les chiffres disent et ne disent pas, puis mise en commun des constats et des questions. Les animateurs notaient systématiquement les écarts entre les chiffres et l'expérience des participants.",
            "Pour recueillir la parole des habitants, le relais social urbain, l'épicerie sociale et l'espace seniors ont organisé des temps d'échange informels dans leurs lieux d'accueil. Une cinquantaine de personnes y ont participé. Leurs témoignages, anonymisés, ont été lus en ouverture de la séance de synthèse : ils ont profondément marqué les membres de la gouvernance temporaire.",
        ],
    ),
    (
        "Les bassins de vie en détail",
        [
            "En Ville Haute, le diagnostic a fait apparaître un paradoxe : l'offre de services y est dense, mais les habitants les plus précaires y recourent peu. Les raisons évoquées sont la complexité des démarches, la crainte d'être jugé, les horaires d'ouverture incompatibles avec des emplois précaires et la barrière de la langue pour une partie de la population d'origine étrangère.",
            "Dans les Trois Vallées, la question centrale est celle de la distance : distance géographique aux services concentrés dans le chef-lieu, faiblesse des transports en commun, mais aussi distance entre des professionnels isolés qui se connaissent peu. Les médecins généralistes y assurent une part considérable de l'accompagnement social, faute de relais de proximité.",
            "Ces deux portraits ont conduit le consortium à adopter des modes d'action différenciés : en Ville Haute, rendre l'offre existante plus lisible et plus accueillante ; dans les Trois Vallées, rapprocher les services des habitants et créer des occasions de rencontre entre professionnels.",
        ],
    ),
    (
        "Une démarche de diagnostic partagé",
        [
            "Dès janvier 2026, l'équipe opérationnelle a proposé aux membres du consortium de construire ensemble une lecture commune de la situation initiale du territoire des Hautes Plaines et Vallées. Plutôt que d'attendre une base de données exhaustive, nous avons choisi de démarrer avec les données disponibles et de les mettre en discussion avec les acteurs de terrain, dans la logique du management populationnel réflexif décrit par la méthodologie des projets pilotes.",
            "Le diagnostic a été conduit en trois temps : une compilation des données quantitatives publiques (population, structure d'âge, indicateurs socio-économiques, offre de soins de première ligne), quatre ateliers de lecture croisée dans les bassins de vie, puis une séance de synthèse en gouvernance temporaire. Chaque atelier réunissait entre quinze et trente personnes issues des secteurs de la santé, du social, de la santé mentale et de la promotion de la santé.",
            "Cette démarche a d'emblée mis en évidence l'intérêt de croiser les données « dures » (quantifiables) avec les connaissances tacites des professionnels (données « souples ») et les ressentis exprimés par les habitants et les usagers rencontrés (données « chaudes »). Les écarts entre ces trois sources ont été les moments les plus riches des ateliers.",
        ],
    ),
    (
        "Le territoire et sa population",
        [
            "Le territoire compte 412 000 habitants répartis en deux bassins de vie contrastés. La **Ville Haute** (58 400 habitants) concentre une population jeune, une part importante de familles monoparentales et des poches de grande précarité autour de la gare et des anciens quartiers ouvriers. Les **Trois Vallées** (34 700 habitants) forment un territoire rural et vieillissant, où la distance aux services et la mobilité constituent les premiers obstacles à l'accès aux soins.",
            "Les indicateurs disponibles montrent une espérance de vie en bonne santé inférieure de deux ans à la moyenne wallonne, un taux de recours aux urgences hospitalières élevé pour des motifs relevant de la première ligne, et une densité de médecins généralistes en diminution dans les Trois Vallées, où un tiers des praticiens ont plus de soixante ans.",
            "Les acteurs de terrain ont nuancé et complété ces chiffres : l'isolement des aînés après une hospitalisation, la difficulté des jeunes à accéder à un premier rendez-vous en santé mentale, et la méconnaissance par les familles des services de soutien à la parentalité sont revenus dans tous les ateliers.",
        ],
    ),
    (
        "L'offre et ses ruptures",
        [
            "La cartographie de l'offre réalisée avec le Centre Local de Promotion de la Santé recense plus de cent quarante services sociaux et de santé sur le territoire. Elle révèle une offre riche mais fragmentée : de nombreux services se connaissent peu, leurs critères d'accès diffèrent, et les publics passent d'un guichet à l'autre sans fil conducteur.",
            "Trois ruptures de parcours ont été identifiées comme prioritaires : la sortie d'hospitalisation des personnes âgées vivant seules, le passage de l'adolescence à l'âge adulte pour les jeunes suivis en santé mentale, et la période périnatale pour les familles en situation de vulnérabilité. Ces ruptures rejoignent les programmes verticaux proposés dans la candidature.",
            "Les participants ont aussi souligné la fatigue des professionnels face à la multiplication des réunions de concertation sans suite concrète. Cet élément a pesé dans nos choix de méthode : chaque espace de concertation créé par l'OLS doit déboucher sur une action visible dans les six mois.",
        ],
    ),
    (
        "Les forces du consortium",
        [
            "Le consortium s'appuie sur des collaborations anciennes : la plateforme de concertation en santé mentale, le cercle de médecine générale et le centre de coordination de soins à domicile travaillent ensemble depuis plusieurs années. La structure porteuse, le Réseau Santé Hautes Plaines, a déjà coordonné des projets intersectoriels et dispose d'une équipe rompue à l'animation de réseaux.",
            "Les membres ont également mis en avant la présence de relais de proximité précieux : l'épicerie sociale, le planning familial et les maisons médicales connaissent finement les publics les plus éloignés des services et sont prêts à partager cette connaissance.",
            "En revanche, l'analyse du réseau de collaborations a montré que certains membres restent isolés, en particulier le service d'accompagnement handicap, et que les liens entre le nord et le sud du territoire sont encore ténus. Le renforcement de ces liens est devenu un objectif transversal du consortium.",
        ],
    ),
    (
        "Ce que nous retenons pour la suite",
        [
            "Le diagnostic n'est pas un document figé : il sera actualisé à chaque cycle d'apprentissage, à partir des données produites par les projets eux-mêmes. Nous avons convenu de revoir les priorités une fois par an en assemblée des membres, en présence des représentants des usagers.",
            "La démarche a produit un premier effet inattendu : plusieurs structures qui ne se connaissaient pas ont décidé de mutualiser leurs permanences. C'est pour nous le signe qu'un diagnostic partagé est déjà une intervention sur le territoire.",
        ],
    ),
]

STEP_2 = [
    (
        "Les engagements des structures",
        [
            "Chaque structure membre a formalisé sa contribution au projet commun dans une courte fiche d'engagement : temps de travail consacré aux instances et aux projets, ressources partagées (locaux, outils, compétences), relais vers ses équipes. Ces fiches sont revues chaque année ; elles rendent visibles des contributions qui n'apparaissent pas dans le budget de l'OLS.",
            "La valorisation de ces contributions a surpris : le temps mis à disposition par les structures, hors financement de l'OLS, représente l'équivalent de près de trois équivalents temps plein. C'est un indicateur fort de l'adhésion des membres au projet commun.",
        ],
    ),
    (
        "Les désaccords et leur traitement",
        [
            "Le projet commun ne s'est pas construit sans tensions. La question de la place des hôpitaux, partenaires puissants dans un consortium centré sur la première ligne, a fait l'objet de débats vifs. La solution retenue, une voix consultative à la gouvernance temporaire et une participation pleine aux groupes de travail, a été adoptée après deux tours d'objections.",
            "Un autre désaccord portait sur la répartition des moyens entre les bassins de vie. La gouvernance temporaire a finalement retenu une clé mêlant la population et des indicateurs de besoin, dans l'esprit de l'universalisme proportionné. Cette clé sera réexaminée à la lumière des résultats de la première année.",
            "Ces désaccords, traités ouvertement, ont renforcé la légitimité des décisions prises. La pratique du consentement, qui oblige à formuler des objections argumentées et à chercher des améliorations, s'est révélée précieuse.",
        ],
    ),
    (
        "Une vision construite ensemble",
        [
            "À partir du diagnostic, les membres du consortium ont travaillé pendant trois séances à la formulation d'une vision commune : « Sur les Hautes Plaines et Vallées, chaque habitant trouve, près de chez lui, une porte d'entrée vers l'aide et les soins dont il a besoin, et les professionnels se connaissent assez pour l'accompagner sans rupture ». Cette phrase a été adoptée au consentement par la gouvernance temporaire.",
            "La vision s'inscrit dans les objectifs de santé macro en cours de définition au niveau régional, tout en gardant l'autonomie nécessaire pour répondre aux enjeux propres du territoire. Elle se décline en trois engagements : la proximité, la continuité des parcours et l'équité, dans une logique d'universalisme proportionné.",
            "Le processus a été aussi important que son résultat. Chaque structure a pu dire ce qu'elle attendait de l'OLS et ce qu'elle était prête à y apporter. Les attentes exprimées ont été regroupées en une charte de collaboration signée par l'ensemble des membres en avril 2026.",
        ],
    ),
    (
        "La charte de collaboration",
        [
            "La charte précise les valeurs partagées (respect des missions de chacun, transparence, partage de l'information utile, place des usagers), les engagements réciproques (participation aux instances, contribution aux projets, relais de l'information vers les équipes) et les règles de fonctionnement (décisions au consentement, rotation de l'animation, évaluation annuelle de la collaboration).",
            "Elle reconnaît explicitement que les structures gardent leur autonomie et leurs propres mandats : l'OLS n'est pas une nouvelle couche hiérarchique mais un espace de coordination. Cette précision a été demandée par plusieurs membres méso, soucieux de ne pas voir leurs missions diluées.",
            "La charte a été présentée aux équipes de terrain de chaque structure lors de rencontres locales. Ces rencontres ont permis de recueillir des propositions concrètes, dont plusieurs ont été intégrées aux projets prioritaires.",
        ],
    ),
    (
        "Les objectifs communs",
        [
            "Cinq objectifs communs ont été retenus pour la phase pilote : (1) réduire les ruptures de parcours identifiées lors du diagnostic ; (2) améliorer l'accessibilité de la première ligne dans les deux bassins de vie ; (3) soutenir la santé mentale des jeunes de 12 à 25 ans ; (4) accompagner les familles pendant les 1000 premiers jours ; (5) installer une culture d'apprentissage et d'évaluation partagée entre les membres.",
            "Chaque objectif est porté par un binôme de structures et suivi par l'équipe opérationnelle. Des indicateurs simples ont été choisis avec les porteurs, en privilégiant ce qui peut être observé sans alourdir le travail des équipes : nombre de situations orientées, délais de premier contact, participation aux concertations, retours des usagers.",
        ],
    ),
    (
        "La place des usagers et des citoyens",
        [
            "Deux représentants des usagers siègent à la gouvernance temporaire, avec voix délibérative. Un groupe de citoyens-relais de la Ville Haute a été constitué avec le relais social urbain ; il a relu la vision et proposé une version en langage clair, diffusée dans les lieux d'accueil.",
            "Nous avons appris qu'associer les usagers demande du temps et des moyens : défraiement des déplacements, horaires adaptés, accompagnement à la prise de parole. Ces moyens ont été prévus au budget de la deuxième année.",
        ],
    ),
    (
        "Les prochaines étapes du projet commun",
        [
            "Pour la deuxième année, le projet commun sera revu à la lumière des objectifs de santé macro attendus mi-2026 au niveau régional. Un atelier réunira les membres et les représentants des usagers pour vérifier l'alignement des priorités locales avec ces objectifs, sans renoncer aux enjeux propres du territoire.",
            "Nous souhaitons aussi élargir le cercle des structures engagées : plusieurs services de l'aide à la jeunesse, une entreprise de travail adapté et deux communes ont manifesté leur intérêt. Leur arrivée sera préparée par des rencontres bilatérales avec l'équipe opérationnelle, puis par une présentation de la charte en assemblée des membres.",
            "Enfin, le projet commun devra se traduire dans un plan d'action pluriannuel, préparé avec la gouvernance temporaire et soumis à l'assemblée des membres. Ce plan consolidera les besoins non rencontrés identifiés par les projets et précisera, pour chacun, la structure qui le porte et les moyens qu'il mobilise.",
        ],
    ),
]

STEP_3 = [
    (
        "Les moyens mobilisés",
        [
            "Les projets prioritaires mobilisent l'essentiel du temps de travail financé par l'OLS : la psychologue de liaison mise à disposition par le centre de santé mentale des Trois Vallées consacre la totalité de son temps au projet jeunes, et la chargée de promotion de la santé du centre local anime les concertations des deux bassins de vie dans le cadre d'une convention.",
            "Les structures membres contribuent en outre par du temps de professionnels non financé par l'OLS, des locaux pour les permanences et leurs réseaux de partenaires. Le détail de l'utilisation de la subvention figure dans la dernière partie de ce document.",
            "Le suivi des projets repose sur un tableau de bord simple tenu par l'équipe opérationnelle : pour chaque projet, l'avancement, les prochaines étapes, les difficultés rencontrées et les décisions attendues des instances. Ce tableau est présenté à chaque réunion de la gouvernance temporaire.",
        ],
    ),
    (
        "Partir des projets de la candidature",
        [
            "Conformément aux indications de l'AVIQ, les projets prioritaires du démarrage sont ceux présentés dans la candidature. Ils ont été repris et précisés avec les structures concernées au premier trimestre 2026, puis complétés en cours de route par deux projets nés du diagnostic.",
            "Nous avons veillé à ce que chaque projet soit conçu comme une opportunité systémique et non comme un dossier séparé : chaque projet doit renforcer les liens entre les acteurs d'un bassin de vie et produire des apprentissages utiles aux autres projets. C'est pourquoi les projets partagent des espaces de concertation communs et une même démarche d'évaluation.",
        ],
    ),
    (
        "Les 1000 premiers jours",
        [
            "Le groupe de travail « 1000 jours » réunit le planning familial, la maison de l'enfance, les maisons médicales, le CPAS et le centre local de promotion de la santé. Il a cartographié les services de la périnatalité et repéré les moments où les familles vulnérables décrochent : la sortie de maternité, le premier mois à domicile et l'entrée en milieu d'accueil.",
            "Une fiche de liaison commune entre la maternité du centre hospitalier et les services de première ligne est en test depuis septembre 2026. Quarante-deux familles en ont bénéficié ; les premiers retours montrent un contact à domicile dans les dix jours pour trois familles sur quatre, contre une sur trois auparavant.",
        ],
    ),
    (
        "La santé mentale des jeunes",
        [
            "Porté par le réseau santé jeunes et la plateforme de concertation en santé mentale, ce projet vise à offrir aux jeunes de 12 à 25 ans un premier contact rapide, sans liste d'attente, avec un professionnel capable d'évaluer la situation et d'orienter. Des permanences partagées ont été ouvertes dans deux écoles secondaires et dans une maison de jeunes.",
            "En huit mois, 187 jeunes ont été rencontrés, dont 61 orientés vers un suivi spécialisé. L'intervision mensuelle entre les professionnels des permanences a permis d'harmoniser les pratiques d'évaluation et de réduire les orientations inadéquates.",
        ],
    ),
    (
        "L'accessibilité des soins en Ville Haute",
        [
            "Dans les quartiers de la gare, le projet rassemble la maison médicale du Vieux Moulin, l'épicerie sociale, le relais social urbain et le cercle des pharmaciens. Il combine une permanence sociale et santé hebdomadaire, un accompagnement à l'ouverture des droits avec la mutualité, et une formation des pharmaciens au repérage des situations de non-recours.",
            "Le projet a mis au jour un obstacle inattendu : la fermeture de la dernière agence bancaire du quartier empêchait de nombreuses personnes âgées de régler leurs frais de santé. Une solution a été trouvée avec le CPAS ; c'est un bon exemple de la manière dont un projet de santé rejoint les déterminants sociaux.",
        ],
    ),
    (
        "Le retour à domicile après hospitalisation",
        [
            "Ajouté en cours de route à la suite du diagnostic, ce projet associe le centre hospitalier, le centre de coordination de soins à domicile, le service d'aide aux familles et aux aînés et les médecins généralistes des Trois Vallées. Une concertation de sortie est organisée pour chaque personne âgée vivant seule, au moins quarante-huit heures avant le retour.",
            "Le projet est encore jeune, mais il a déjà transformé les relations entre l'hôpital et la première ligne : les équipes se téléphonent désormais directement, et une réunion trimestrielle permet de revenir sur les situations difficiles.",
        ],
    ),
    (
        "Ce que les projets nous apprennent",
        [
            "Les projets concrets ont rendu le consortium fonctionnel plus sûrement que toute réunion de gouvernance : c'est en travaillant ensemble que les structures ont appris à compter sur les expertises des autres, à affronter des désaccords et à rendre compte mutuellement de leurs actions. La confiance construite dans les projets nourrit à son tour la gouvernance.",
            "Nous avons aussi appris à renoncer : un projet de plateforme numérique commune, prévu dans la candidature, a été suspendu faute d'adhésion des équipes de terrain. Les moyens correspondants ont été réaffectés au soutien des permanences partagées.",
        ],
    ),
]

STEP_4 = [
    (
        "Le fonctionnement des instances en 2026",
        [
            "La gouvernance temporaire s'est réunie neuf fois en 2026, avec une participation moyenne de quatre-vingts pour cent des sièges. Les ordres du jour sont préparés par l'équipe opérationnelle et envoyés une semaine à l'avance ; chaque proposition est accompagnée d'une note de contexte et, le cas échéant, de l'avis des groupes de travail concernés.",
            "Les décisions sont consignées dans un registre tenu sur la plateforme : date, instance, domaine de décision, mode de décision, résultat et motivation. Le registre est consultable par tous les membres et par l'AVIQ ; il permet de retrouver à tout moment le fondement d'une orientation.",
            "Les objections formulées lors des votes au consentement ont porté principalement sur la répartition des moyens et sur la composition des groupes de travail. Chacune a donné lieu à une amélioration de la proposition avant son adoption.",
        ],
    ),
    (
        "Les fonctions transversales",
        [
            "Les cinq fonctions de soutien transversales décrites par l'appel à projets sont assurées par l'équipe opérationnelle, avec l'appui de membres méso : soutien et coordination du partenariat, accompagnement du processus de décision collaboratif, développement d'un système apprenant, intégration systémique et alignement stratégique, gestion de l'information et du feedback.",
            "La fonction de secrétariat de la gouvernance a fait l'objet d'un mandat spécifique, qui en précise les tâches (convocations, procès-verbaux, tenue du registre) et les limites. La fonction de facilitation des réunions tourne entre les membres de l'équipe opérationnelle, pour éviter la concentration du pouvoir d'animation.",
        ],
    ),
    (
        "Une gouvernance temporaire qui apprend",
        [
            "La gouvernance temporaire a été installée en février 2026. Elle réunit un représentant de chaque membre méso, deux représentants des structures micro, deux représentants des usagers et, avec voix consultative, les partenaires hospitaliers et la mutualité. Elle décide au consentement, sauf pour les questions budgétaires où la majorité des deux tiers est requise.",
            "Les mandats des espaces et des fonctions ont été rédigés collectivement à partir des modèles proposés par l'AVIQ. Chaque mandat précise la finalité de l'espace, ses responsabilités, son autonomie et ses limites, sa composition et son articulation avec les autres espaces : qui fait quoi, et qui décide de quoi.",
            "Les mandats adoptés et le résumé du registre des décisions figurent ci-dessous ; ils sont calculés à partir des données de la plateforme au moment de la génération du document.",
        ],
    ),
    (
        "Les espaces et leurs articulations",
        [
            "L'équipe opérationnelle prépare les décisions, anime les groupes de travail et assure le suivi quotidien des projets. Les groupes de travail thématiques (1000 jours, santé mentale des jeunes) disposent d'une large autonomie sur leurs méthodes et rendent compte à chaque réunion de la gouvernance temporaire. Les concertations locales, une par bassin de vie, font remonter les besoins et les propositions des acteurs de proximité.",
            "Le tableau « qui décide de quoi » a été discuté en gouvernance temporaire et sert désormais de référence lors de chaque proposition : l'équipe opérationnelle sait d'emblée si une question relève de son autonomie ou doit être soumise à une instance.",
        ],
    ),
    (
        "Vers la gouvernance permanente",
        [
            "Un groupe de préparation de la gouvernance permanente a été constitué à l'automne 2026. Il examine les formes juridiques possibles, la représentation des différents niveaux (macro, méso, micro) et la place des citoyens. Conformément au cadre, la gouvernance temporaire ne décide pas elle-même de la gouvernance permanente : elle en prépare les options pour l'assemblée des membres.",
            "Les premières discussions ont montré l'importance de préserver ce qui fonctionne aujourd'hui : la décision au consentement, la proximité des concertations locales et la légèreté de l'équipe opérationnelle.",
        ],
    ),
    (
        "Ce que nous avons appris sur la gouvernance",
        [
            "La première leçon est que la clarté des mandats libère l'action : depuis que chaque espace connaît son autonomie, l'équipe opérationnelle soumet moins de questions de détail à la gouvernance temporaire, qui peut se consacrer aux orientations. Les réunions sont plus courtes et les décisions mieux préparées.",
            "La deuxième est que la décision au consentement demande un apprentissage. Les premières séances ont connu des objections de principe, difficiles à traiter ; une courte formation à la gestion des objections, organisée au printemps, a nettement amélioré la qualité des échanges.",
            "La troisième concerne la place des structures micro et des usagers : leur présence à la table ne suffit pas, il faut leur donner les moyens de préparer les réunions. Des temps de préparation dédiés ont été instaurés avant chaque séance importante.",
        ],
    ),
]

STEP_5 = [
    (
        "Les données mobilisées : dures, souples et chaudes",
        [
            "Chaque cycle d'apprentissage précise les données qu'il mobilise. Les données dures (délais, fréquentation, indicateurs de recours) permettent de suivre des évolutions mesurables ; elles sont recueillies de la manière la plus légère possible, souvent à partir des outils que les équipes utilisent déjà.",
            "Les données souples, c'est-à-dire les connaissances tacites des professionnels, sont recueillies lors des intervisions et des concertations locales. Elles éclairent les chiffres et proposent des hypothèses d'explication. Les données chaudes, les ressentis des habitants et des professionnels, sont recueillies par des récits et des temps d'échange ; elles rappellent ce qui compte pour les personnes concernées.",
            "Croiser ces trois types de données est devenu une habitude : aucune décision d'ajustement n'est prise sur la seule base d'un indicateur chiffré. Cette pratique a parfois ralenti les décisions, mais elle a évité plusieurs fausses pistes.",
        ],
    ),
    (
        "Des cycles d'apprentissage plutôt qu'une évaluation sommative",
        [
            "Le consortium a choisi une évaluation développementale : plutôt que de juger chaque projet sur un plan figé, nous organisons des cycles d'apprentissage courts (planifier, expérimenter, évaluer, ajuster) qui permettent d'adapter les projets aux réalités du terrain. Chaque cycle part d'une question précise, mobilise des données dures, souples et chaudes, et se conclut par une décision d'ajustement.",
            "Trois cycles ont été menés ou engagés en 2026. Le troisième prolonge directement le deuxième : les enseignements du cycle sur les permanences jeunes ont conduit à tester un nouveau format d'accueil. Les cycles sont détaillés ci-dessous avec les activités qui les ont nourris.",
        ],
    ),
    (
        "Les pratiques réflexives installées",
        [
            "Une intervision mensuelle réunit les professionnels des projets, animée à tour de rôle par la plateforme de concertation en santé mentale et le centre local de promotion de la santé. Elle porte sur des situations concrètes et sur les pratiques de collaboration. Les enseignements transversaux sont synthétisés chaque trimestre et partagés en gouvernance temporaire.",
            "Un moment de retour d'expérience clôture chaque concertation locale : les participants disent ce qui a aidé, ce qui a freiné, et ce qu'ils feraient autrement. Ces retours alimentent les ajustements des projets et l'organisation des concertations suivantes.",
            "Les échanges avec les autres OLS et avec l'équipe d'accompagnement ont été précieux : deux rencontres inter-OLS ont permis de comparer nos démarches de diagnostic et nos façons d'associer les usagers.",
        ],
    ),
    (
        "Ce qui reste à construire",
        [
            "La culture d'évaluation progresse, mais elle reste portée par un petit nombre de personnes. Pour la deuxième année, nous voulons former un référent « apprentissage » dans chaque structure membre, alléger les outils de recueil et rendre visibles, dans chaque réunion, les décisions prises à partir des enseignements des cycles.",
        ],
    ),
]

NARRATIVES = {
    1: _markdown(STEP_1),
    2: _markdown(STEP_2),
    3: _markdown(STEP_3),
    4: _markdown(STEP_4),
    5: _markdown(STEP_5),
}
STEP_PROGRESS = {
    1: ("done", 100),
    2: ("done", 100),
    3: ("in_progress", 65),
    4: ("in_progress", 55),
    5: ("in_progress", 40),
}

PROJECTS = [
    {
        "title": "1000 premiers jours",
        "description": "Une fiche de liaison entre la maternité et la première ligne, des visites à domicile dans les dix jours, un accueil commun des familles vulnérables.",
        "origin": "application",
        "status": "in_progress",
        "progress": 60,
    },
    {
        "title": "Santé mentale des jeunes",
        "description": "Des permanences partagées sans liste d'attente pour les 12-25 ans, dans deux écoles et une maison de jeunes ; une intervision mensuelle.",
        "origin": "application",
        "status": "in_progress",
        "progress": 70,
    },
    {
        "title": f"Accessibilité des soins en {VH}",
        "description": "Une permanence sociale et santé hebdomadaire, l'ouverture des droits avec la mutualité, le repérage du non-recours par les pharmaciens.",
        "origin": "application",
        "status": "in_progress",
        "progress": 55,
    },
    {
        "title": "Plateforme numérique commune",
        "description": "Un annuaire partagé des services : suspendu faute d'adhésion des équipes, moyens réaffectés aux permanences.",
        "origin": "application",
        "status": "paused",
        "progress": 15,
    },
    {
        "title": "Retour à domicile après hospitalisation",
        "description": f"Une concertation de sortie pour chaque personne âgée vivant seule dans les {TV}, 48 heures avant le retour.",
        "origin": "added",
        "status": "in_progress",
        "progress": 35,
    },
    {
        "title": "Diagnostic territorial partagé",
        "description": "Quatre ateliers de lecture croisée des données dans les bassins de vie, une synthèse en gouvernance temporaire.",
        "origin": "added",
        "status": "done",
        "progress": 100,
    },
]

# (date, kind, logic, transversal function, title, narrative)
ACTIVITIES = [
    (
        "2026-01-20",
        "concertation",
        "horizontal",
        "",
        f"Atelier de diagnostic — {VH}",
        "Lecture croisée des données avec 28 professionnels.",
    ),
    (
        "2026-01-27",
        "concertation",
        "horizontal",
        "",
        f"Atelier de diagnostic — {TV}",
        "Lecture croisée des données avec 19 professionnels.",
    ),
    (
        "2026-02-10",
        "meeting",
        "transversal",
        "information",
        "Synthèse du diagnostic en gouvernance temporaire",
        "Adoption des constats.",
    ),
    (
        "2026-03-05",
        "meeting",
        "transversal",
        "partnership",
        "Séance de travail sur la vision commune",
        "Trois propositions de vision discutées.",
    ),
    (
        "2026-04-15",
        "action",
        "transversal",
        "partnership",
        "Signature de la charte de collaboration",
        "Tous les membres signent la charte.",
    ),
    (
        "2026-03-18",
        "project",
        "vertical",
        "",
        "Lancement du GT 1000 jours",
        "Cartographie des services de la périnatalité.",
    ),
    (
        "2026-04-02",
        "project",
        "vertical",
        "",
        "Ouverture des permanences santé mentale jeunes",
        "Deux écoles et une maison de jeunes.",
    ),
    (
        "2026-05-06",
        "action",
        "horizontal",
        "",
        f"Première permanence sociale et santé en {VH}",
        "Douze personnes accueillies.",
    ),
    (
        "2026-09-08",
        "project",
        "horizontal",
        "",
        "Concertation de sortie d'hospitalisation — premier test",
        "Quatre situations préparées.",
    ),
    (
        "2026-05-20",
        "training",
        "transversal",
        "learning",
        "Intervision des permanences jeunes (mai)",
        "Harmonisation de l'évaluation.",
    ),
    (
        "2026-06-17",
        "training",
        "transversal",
        "learning",
        "Intervision des permanences jeunes (juin)",
        "Retour sur les orientations.",
    ),
    (
        "2026-10-14",
        "concertation",
        "transversal",
        "learning",
        "Retour d'expérience inter-OLS",
        "Comparaison des démarches de diagnostic.",
    ),
]

CYCLES = [
    {
        "title": "Mieux atteindre les familles vulnérables pendant la période périnatale",
        "question": "Une fiche de liaison entre la maternité et la première ligne permet-elle un contact à domicile dans les dix jours ?",
        "status": "closed",
        "plan": "Hypothèse : les familles décrochent à la sortie de maternité faute de relais nommé. Test d'une fiche de liaison avec la maternité et deux maisons médicales.",
        "plan_date": "2026-03-18",
        "do": "Quarante-deux familles suivies de septembre à novembre ; la fiche est remplie par la sage-femme et transmise avec l'accord de la famille.",
        "do_date": "2026-09-01",
        "study": "Trois familles sur quatre rencontrées à domicile dans les dix jours (une sur trois avant). Les familles sans médecin traitant restent difficiles à joindre.",
        "study_date": "2026-11-15",
        "act": "Généraliser la fiche aux autres maisons médicales ; associer le CPAS pour les familles sans médecin traitant.",
        "act_date": "2026-11-30",
        "hard_data": "Naissances par commune, délais de premier contact relevés sur les fiches.",
        "soft_data": "Connaissance des sages-femmes et des travailleurs médico-sociaux sur les familles isolées.",
        "warm_data": "Récits de mères rencontrées lors de l'accueil commun.",
        "activity_indexes": [5],
    },
    {
        "title": "Un premier contact sans attente pour les jeunes",
        "question": "Les permanences partagées réduisent-elles le délai de premier contact en santé mentale pour les 12-25 ans ?",
        "status": "closed",
        "plan": "Ouvrir trois permanences sans rendez-vous, tenues par des professionnels de structures différentes, et mesurer le délai de premier contact.",
        "plan_date": "2026-03-01",
        "do": "187 jeunes rencontrés en huit mois ; intervision mensuelle entre professionnels.",
        "do_date": "2026-04-02",
        "study": "Délai de premier contact ramené de six semaines à quatre jours ; mais les jeunes de plus de 18 ans fréquentent peu les permanences scolaires.",
        "study_date": "2026-09-30",
        "act": "Tester un accueil en soirée dans un lieu non scolaire pour les 18-25 ans (cycle suivant).",
        "act_date": "2026-10-10",
        "hard_data": "Délais de premier contact, nombre d'orientations.",
        "soft_data": "Observations partagées en intervision.",
        "warm_data": "Paroles de jeunes recueillies par la maison de jeunes.",
        "activity_indexes": [6, 9, 10],
    },
    {
        "title": "Un accueil en soirée pour les 18-25 ans",
        "question": "Un accueil en soirée hors cadre scolaire touche-t-il les jeunes adultes que les permanences n'atteignent pas ?",
        "status": "running",
        "plan": "Ouvrir un accueil le jeudi soir à la maison de jeunes, avec un binôme santé mentale et travail social.",
        "plan_date": "2026-10-15",
        "do": "Premières soirées en novembre ; communication par les réseaux sociaux des structures de jeunesse.",
        "do_date": "2026-11-05",
        "study": "",
        "study_date": None,
        "act": "",
        "act_date": None,
        "hard_data": "Fréquentation par tranche d'âge.",
        "soft_data": "Retour des animateurs de la maison de jeunes.",
        "warm_data": "",
        "activity_indexes": [11],
    },
]
