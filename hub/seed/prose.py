"""The hub's seed prose: every description, introduction and page body is written here.

Rules for this file: short, neutral, true. It states what the Convention text says and what
the seed data files record (titles, dates, symbols); it invents no figures, quotes, dates or
outcomes. Where a list is incomplete, the text says so and gives its "as of" date.
"""

SITE_NAME = "Minamata Exchange Platform"
ORGANISATION_NAME = "Secretariat of the Minamata Convention on Mercury"
TAGLINE = "The knowledge hub of the Minamata Convention on Mercury"

HOME = {
    "title": "Minamata Exchange Platform",
    "hero_heading": "Knowledge for implementing the Minamata Convention on Mercury",
    "hero_text": (
        "Decisions, meeting documents, guidance, Party profiles, meetings and events in one place, "
        "organised by four knowledge pillars and twelve thematic areas."
    ),
    "listing_summary": "The knowledge hub of the Minamata Convention on Mercury.",
}

# The four knowledge pillars (contracts §4b): name and one-sentence description of the term,
# and the pillar page that presents it.
PILLARS = [
    {
        "slug": "scientific",
        "name": "Scientific",
        "description": "Science on mercury in the environment and in people, and the evaluation of the "
        "Convention's effectiveness.",
        "page_title": "Science",
        "intro": (
            "Scientific knowledge underpins the Convention: assessments of how mercury is emitted, "
            "released and transported, monitoring of its levels in the environment and in people, "
            "and the periodic evaluation of whether the Convention is working."
        ),
    },
    {
        "slug": "technical",
        "name": "Technical",
        "description": "Technical guidance for controlling mercury, from best available techniques to "
        "national action plans for artisanal gold mining.",
        "page_title": "Technical guidance",
        "intro": (
            "Technical knowledge helps Parties meet the Convention's control measures: guidance on best "
            "available techniques and best environmental practices, inventories, and plans for sectors "
            "such as artisanal and small-scale gold mining."
        ),
    },
    {
        "slug": "legal",
        "name": "Legal",
        "description": "The Convention text, its annexes and their amendments, and the decisions of the "
        "Conference of the Parties.",
        "page_title": "Legal framework",
        "intro": (
            "The legal framework is the Convention itself, its five annexes and the decisions of the "
            "Conference of the Parties, which adopts guidance and may amend the annexes."
        ),
    },
    {
        "slug": "implementation",
        "name": "Implementation",
        "description": "How Parties put the Convention into practice: national reporting, financial "
        "support and capacity-building.",
        "page_title": "Implementation",
        "intro": (
            "Implementation covers what Parties do at home and the support available to them: national "
            "reporting, the financial mechanism, and capacity-building and technical assistance."
        ),
    },
]

# Topic pages under each pillar: Convention mechanisms described in general, true terms.
# `areas`, `articles` and `gmp_areas` are contract slugs used to tag the page.
TOPICS = {
    "scientific": [
        {
            "slug": "effectiveness-evaluation",
            "title": "Effectiveness evaluation",
            "intro": (
                "Article 22 requires the Conference of the Parties to evaluate the effectiveness of the "
                "Convention, starting no later than six years after its entry into force and periodically "
                "thereafter."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>The Convention entered into force on 16 August 2017. Under Article 22, the evaluation "
                    "draws on the available scientific, environmental, technical, financial and economic "
                    "information, including monitoring data, the national reports Parties submit under "
                    "Article 21 and the work of the Implementation and Compliance Committee.</p>",
                ),
                (
                    "paragraph",
                    "<p>Article 22 also asks the Conference of the Parties to arrange for comparable "
                    "monitoring data on the presence and movement of mercury and mercury compounds in the "
                    "environment, and on trends in their levels in biota and vulnerable populations. The "
                    "meeting documents and decisions tagged with Article 22 in the library trace how this "
                    "work has developed.</p>",
                ),
            ],
            "areas": [],
            "articles": ["article-22", "article-19", "article-21"],
            "gmp_areas": [],
        },
        {
            "slug": "global-mercury-assessments",
            "title": "Global mercury assessments",
            "intro": (
                "UNEP's global mercury assessments bring together scientific information on mercury "
                "emissions to air, releases to water and its transport and fate in the environment."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>The assessments give policy makers a shared, global picture of mercury sources and "
                    "pathways. The library holds the Global Mercury Assessment 2013 and the review draft of "
                    "the Global Mercury Assessment 2018, both published by the United Nations Environment "
                    "Programme.</p>",
                ),
                (
                    "paragraph",
                    "<p>Research on how mercury moves through the atmosphere is also the subject of the "
                    "Global Mercury Partnership's area on mercury air transport and fate research, and of "
                    "Article 19 of the Convention on research, development and monitoring.</p>",
                ),
            ],
            "areas": ["emissions", "releases"],
            "articles": ["article-19"],
            "gmp_areas": ["air-transport-and-fate"],
        },
    ],
    "technical": [
        {
            "slug": "bat-bep-emissions",
            "title": "Best available techniques for controlling emissions",
            "intro": (
                "Article 8 requires Parties with relevant sources to control, and where feasible reduce, "
                "mercury emissions to air from the point source categories listed in Annex D."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Annex D lists coal-fired power plants, coal-fired industrial boilers, smelting and "
                    "roasting processes used in the production of non-ferrous metals, waste incineration "
                    "facilities and cement clinker production facilities. For new sources, Parties require "
                    "the use of best available techniques and best environmental practices (BAT/BEP); for "
                    "existing sources, Article 8 offers a choice of measures.</p>",
                ),
                (
                    "paragraph",
                    "<p>Guidance on BAT/BEP under Article 8 was prepared for the first meeting of the "
                    "Conference of the Parties (document UNEP/MC/COP.1/7, in the library). Article 8 also asks "
                    "each Party with relevant sources to establish an inventory of their emissions.</p>",
                ),
            ],
            "areas": ["emissions"],
            "articles": ["article-8", "annex-d"],
            "gmp_areas": ["coal-combustion", "cement"],
        },
        {
            "slug": "asgm-national-action-plans",
            "title": "National action plans for artisanal and small-scale gold mining",
            "intro": (
                "A Party that determines that artisanal and small-scale gold mining in its territory is "
                "more than insignificant must develop and implement a national action plan under Article 7 "
                "and Annex C."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>The plan is submitted to the Secretariat no later than three years after the "
                    "Convention enters into force for the Party, or after its notification to the "
                    "Secretariat if that is later. Progress is reviewed every three years and included in "
                    "the Party's national reports.</p>",
                ),
                (
                    "paragraph",
                    "<p>Annex C sets out what a plan contains, including national objectives and reduction "
                    "targets, actions to eliminate the worst practices (such as whole ore amalgamation and "
                    "the open burning of amalgam), steps to facilitate formalisation, baseline estimates of "
                    "mercury use, a public health strategy and the involvement of stakeholders. The library "
                    "holds guidance on developing these plans and examples of earlier national strategic "
                    "plans.</p>",
                ),
            ],
            "areas": ["asgm"],
            "articles": ["article-7", "annex-c"],
            "gmp_areas": ["asgm"],
        },
    ],
    "legal": [
        {
            "slug": "convention-text",
            "title": "The Convention text",
            "intro": (
                "The Minamata Convention on Mercury was adopted on 10 October 2013 at the Conference of "
                "Plenipotentiaries in Kumamoto, Japan, and entered into force on 16 August 2017."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Its objective, set out in Article 1, is to protect human health and the environment "
                    "from anthropogenic emissions and releases of mercury and mercury compounds. The "
                    "Convention has 35 articles and five annexes (A to E); its Arabic, Chinese, English, "
                    "French, Russian and Spanish texts are equally authentic (Article 35).</p>",
                ),
                (
                    "paragraph",
                    "<p>Each article and annex is a term of this platform, so decisions, documents and "
                    "guidance can be found by the provision they relate to. Article 30 governs how a State "
                    "or regional economic integration organisation becomes a Party; the Party profiles record "
                    "each one's signature and instrument dates.</p>",
                ),
            ],
            "areas": [],
            "articles": ["article-1", "article-30", "article-31", "article-35"],
            "gmp_areas": [],
        },
        {
            "slug": "amendments-to-annexes",
            "title": "Amendments to Annexes A and B",
            "intro": (
                "Annex A lists mercury-added products and Annex B manufacturing processes that use mercury. "
                "The Conference of the Parties reviews both annexes and may amend them under Article 27."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Articles 4 and 5 call for a review of Annexes A and B no later than five years after "
                    "the Convention's entry into force. As a rule, an amendment to an annex enters into force "
                    "for a Party one year after the depositary communicates its adoption, unless the Party "
                    "has notified that it cannot accept it; a Party that made a declaration under Article "
                    "30, paragraph 5, is bound only once it ratifies the amendment.</p>",
                ),
                (
                    "paragraph",
                    "<p>Decision MC-4/3, adopted on 25 March 2022 at the second segment of the fourth meeting "
                    "in Bali, Indonesia, amended Annex A; the depositary communicated the amendments on 28 "
                    "September 2022 (C.N.313.2022.TREATIES-XXVII.17). Further amendments to Annexes A and B "
                    "were taken up at the fifth meeting in 2023. The annex headings on this platform are "
                    "those of the original text.</p>",
                ),
            ],
            "areas": ["mercury-added-products", "manufacturing-processes"],
            "articles": ["article-4", "article-5", "article-27", "annex-a", "annex-b"],
            "gmp_areas": ["products", "chlor-alkali"],
        },
    ],
    "implementation": [
        {
            "slug": "national-reporting",
            "title": "National reporting",
            "intro": (
                "Under Article 21, each Party reports to the Conference of the Parties on the measures it "
                "has taken to implement the Convention and on their effectiveness."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Decision MC-1/8 set the timing and format of reporting. The Conference of the Parties "
                    "has since returned to the reporting format and guidance, in decisions MC-3/13, MC-4/8 "
                    "and MC-5/13, and the Secretariat has held briefings and online sessions on reporting.</p>",
                ),
                (
                    "paragraph",
                    "<p>National reports feed the effectiveness evaluation under Article 22 and the work of "
                    "the Implementation and Compliance Committee under Article 15. National reports added to "
                    "the library appear on each Party's profile.</p>",
                ),
            ],
            "areas": [],
            "articles": ["article-21", "article-15", "article-22"],
            "gmp_areas": [],
        },
        {
            "slug": "specific-international-programme",
            "title": "The Specific International Programme",
            "intro": (
                "Article 13 defines a financial mechanism that includes the Global Environment Facility "
                "Trust Fund and a Specific International Programme to support capacity-building and "
                "technical assistance."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Decision MC-1/6 set the Programme's duration and the arrangements for its operation. "
                    "A Governing Board reviews applications in funding rounds: the first projects were "
                    "approved in Oslo in October 2018, and the fourth round at the Board's tenth meeting in "
                    "Geneva in January 2025.</p>",
                ),
                (
                    "paragraph",
                    "<p>Projects recorded on this platform appear on the profiles of the Parties concerned. "
                    "The list is incomplete: for the third round only some of the selected projects are "
                    "recorded, and amounts are known only as round totals, not per project.</p>",
                ),
            ],
            "areas": ["financial-resources", "capacity-building"],
            "articles": ["article-13", "article-14"],
            "gmp_areas": [],
        },
    ],
}

# The twelve thematic areas (contracts §4c), in contract order. `name_in_data` is the record
# name in priority_areas.json; `description` is the one-sentence term description and
# `summary` the ThematicAreaPage text (rich text).
THEMATIC_AREAS = [
    {
        "slug": "supply-and-trade",
        "name_in_data": "Mercury supply sources and trade",
        "description": "Primary mercury mining, mercury stocks and supply sources, and trade in mercury.",
        "summary": (
            "<p>Article 3 deals with where mercury comes from and where it goes. A Party may not allow new "
            "primary mercury mining, may allow existing primary mining for up to fifteen years after the "
            "Convention enters into force for it, and allows mercury exports only with the written consent "
            "of the importing country and for a use the Convention allows or for environmentally sound "
            "interim storage.</p>"
        ),
    },
    {
        "slug": "mercury-added-products",
        "name_in_data": "Mercury-added products",
        "description": "Phasing out and phasing down the mercury-added products listed in Annex A.",
        "summary": (
            "<p>Article 4 and Annex A set phase-out dates after which listed mercury-added products may not "
            "be manufactured, imported or exported, unless a Party has registered an exemption, and require "
            "phase-down measures for dental amalgam. The Conference of the Parties reviews Annex A and has "
            "amended it.</p>"
        ),
    },
    {
        "slug": "manufacturing-processes",
        "name_in_data": "Manufacturing processes in which mercury or mercury compounds are used",
        "description": "Phasing out or restricting the use of mercury in the processes listed in Annex B.",
        "summary": (
            "<p>Article 5 and Annex B cover manufacturing processes that use mercury or mercury compounds. "
            "Some, such as chlor-alkali production, are to be phased out; for others Parties take measures "
            "to restrict mercury use. Parties also take measures to control emissions and releases from "
            "facilities that use these processes.</p>"
        ),
    },
    {
        "slug": "asgm",
        "name_in_data": "Artisanal and small-scale gold mining",
        "description": "Reducing, and where feasible eliminating, mercury use in artisanal and small-scale "
        "gold mining.",
        "summary": (
            "<p>Article 7 and Annex C address artisanal and small-scale gold mining, in which mercury is "
            "used to extract gold. Parties take steps to reduce, and where feasible eliminate, mercury use "
            "and emissions and releases in this sector; a Party where the sector is more than insignificant "
            "develops and implements a national action plan.</p>"
        ),
    },
    {
        "slug": "emissions",
        "name_in_data": "Emissions",
        "description": "Controlling mercury emissions to air from the point source categories in Annex D.",
        "summary": (
            "<p>Article 8 covers mercury emissions to the atmosphere from the point sources listed in Annex "
            "D: coal-fired power plants and industrial boilers, non-ferrous metal production, waste "
            "incineration and cement clinker production. New sources must apply best available techniques "
            "and best environmental practices; for existing sources Parties choose among the measures "
            "Article 8 lists.</p>"
        ),
    },
    {
        "slug": "releases",
        "name_in_data": "Releases",
        "description": "Controlling mercury releases to land and water from relevant point sources.",
        "summary": (
            "<p>Article 9 covers releases of mercury and mercury compounds to land and water from relevant "
            "point sources not addressed in other provisions of the Convention. Parties identify the "
            "relevant source categories and take measures to control releases; the Conference of the "
            "Parties is to adopt guidance on best available techniques and best environmental practices for "
            "releases.</p>"
        ),
    },
    {
        "slug": "interim-storage",
        "name_in_data": "Environmentally sound interim storage of mercury, other than waste mercury",
        "description": "Storing mercury intended for allowed uses in an environmentally sound manner.",
        "summary": (
            "<p>Article 10 requires Parties to ensure that mercury and mercury compounds intended for a use "
            "allowed under the Convention are stored in an environmentally sound manner, taking into account "
            "guidelines adopted by the Conference of the Parties. It does not cover waste mercury, which "
            "Article 11 addresses.</p>"
        ),
    },
    {
        "slug": "mercury-wastes",
        "name_in_data": "Mercury wastes",
        "description": "Managing mercury wastes in an environmentally sound manner.",
        "summary": (
            "<p>Article 11 requires mercury wastes to be managed in an environmentally sound manner, "
            "taking into account the guidelines developed under the Basel Convention. What counts as mercury "
            "waste depends on thresholds defined by the Conference of the Parties, on which a group of "
            "technical experts has worked.</p>"
        ),
    },
    {
        "slug": "contaminated-sites",
        "name_in_data": "Contaminated sites",
        "description": "Identifying, assessing and managing sites contaminated by mercury.",
        "summary": (
            "<p>Article 12 asks Parties to endeavour to develop strategies for identifying and assessing "
            "sites contaminated by mercury or mercury compounds, and to reduce the risks such sites pose in "
            "an environmentally sound manner. Guidance on the management of contaminated sites was prepared "
            "for the third meeting of the Conference of the Parties.</p>"
        ),
    },
    {
        "slug": "financial-resources",
        "name_in_data": "Financial resources and mechanism",
        "description": "National resources and the financial mechanism: the GEF Trust Fund and the Specific "
        "International Programme.",
        "summary": (
            "<p>Article 13 covers the resources for implementing the Convention. Each Party undertakes to "
            "provide, within its capabilities, resources for its national activities, and a financial "
            "mechanism supports developing country Parties and Parties with economies in transition. The "
            "mechanism includes the Global Environment Facility Trust Fund and the Specific International "
            "Programme.</p>"
        ),
    },
    {
        "slug": "capacity-building",
        "name_in_data": "Capacity-building, technical assistance and technology transfer",
        "description": "Capacity-building, technical assistance and technology transfer for developing "
        "country Parties.",
        "summary": (
            "<p>Article 14 asks Parties to cooperate to provide timely and appropriate capacity-building and "
            "technical assistance to developing country Parties, in particular the least developed countries "
            "and small island developing States, and to Parties with economies in transition, including "
            "through regional and subregional arrangements. It also promotes the transfer of "
            "environmentally sound alternative technologies.</p>"
        ),
    },
    {
        "slug": "health",
        "name_in_data": "Health aspects",
        "description": "Protecting human health, in particular populations at risk, from mercury exposure.",
        "summary": (
            "<p>Article 16 encourages Parties to identify and protect populations at risk, especially "
            "vulnerable populations, from exposure to mercury and mercury compounds, to adopt science-based "
            "health guidelines, to promote health-care services for prevention, treatment and care, and to "
            "strengthen the capacity of health professionals.</p>"
        ),
    },
]

# GMP partnership areas (contracts §4d): slug → (name in gmp_partnership_areas.json, description).
GMP_AREAS = [
    (
        "asgm",
        "Reducing Mercury in Artisanal and Small-Scale Gold Mining",
        "Partnership work to reduce, and where feasible eliminate, mercury use in artisanal and "
        "small-scale gold mining.",
    ),
    (
        "coal-combustion",
        "Mercury Control from Coal Combustion",
        "Partnership work on controlling mercury emissions from coal combustion.",
    ),
    (
        "chlor-alkali",
        "Mercury Reduction in the Chlor-alkali Sector",
        "Partnership work on reducing mercury use and releases in chlor-alkali production.",
    ),
    (
        "products",
        "Mercury Reduction in Products",
        "Partnership work on reducing and phasing out mercury in products.",
    ),
    (
        "air-transport-and-fate",
        "Mercury Air Transport and Fate Research",
        "Partnership research on how mercury is emitted to, transported through and deposited from the atmosphere.",
    ),
    (
        "waste-management",
        "Mercury Waste Management",
        "Partnership work on the environmentally sound management of mercury wastes.",
    ),
    (
        "supply-and-storage",
        "Mercury Supply and Storage",
        "Partnership work on reducing mercury supply and on storing mercury safely.",
    ),
    (
        "cement",
        "Mercury Releases from the Cement Industry",
        "Partnership work on reducing mercury emissions and releases from cement production.",
    ),
]

# UN regional groups (contracts §4e): slug, name, and the region name used in parties.json.
REGIONS = [
    ("africa", "Africa", "Africa"),
    ("asia-pacific", "Asia-Pacific", "Asia-Pacific"),
    ("central-eastern-europe", "Central and Eastern Europe", "Central and Eastern Europe"),
    ("latin-america-caribbean", "Latin America and the Caribbean", "Latin America and Caribbean"),
    ("western-europe-others", "Western Europe and others", "Western Europe and Others"),
]

# Resource types (contracts §4a), in contract order.
RESOURCE_TYPES = [
    ("report", "Report"),
    ("guidance", "Guidance"),
    ("toolkit", "Toolkit"),
    ("fact-sheet", "Fact sheet"),
    ("case-study", "Case study"),
    ("training-material", "Training material"),
    ("video", "Video"),
    ("webinar-recording", "Webinar recording"),
    ("presentation", "Presentation"),
    ("dataset", "Dataset"),
    ("tool", "Tool"),
    ("template", "Template"),
    ("policy-brief", "Policy brief"),
    ("national-action-plan", "National action plan"),
    ("national-report", "National report"),
    ("meeting-document", "Meeting document"),
    ("decision", "Decision"),
    ("legislation", "Legislation"),
    ("scientific-article", "Scientific article"),
    ("other", "Other"),
]

THEMATIC_INDEX = {
    "title": "Thematic areas",
    "intro": (
        "Twelve thematic areas follow the Convention's substantive articles. Each brings together the "
        "decisions, documents, guidance, events and news tagged with it."
    ),
}

PARTIES_INDEX = {
    "title": "Parties",
    "intro": (
        "Parties to the Minamata Convention on Mercury and signatories, with the dates on which they "
        "signed and deposited their instruments. The list follows the IEA Database Project's membership "
        "data as of 8 July 2020, with four later ratifications (Zimbabwe, Iraq, Poland and Kenya) added "
        "from Secretariat and news sources. States that joined after mid-2020 may still be shown as "
        "signatories or be missing; editors are completing the list."
    ),
}

MEETINGS_INDEX = {
    "title": "Meetings",
    "intro": (
        "Meetings of the Conference of the Parties, the Convention's governing body, and sessions of the "
        "intergovernmental negotiating committee that prepared the Convention text, with their documents "
        "and decisions."
    ),
}

EVENTS_INDEX = {
    "title": "Events",
    "intro": (
        "Minamata Online sessions, webinars, briefings, partnership meetings and intersessional work "
        "around the Convention. The archive of past events is incomplete and is being completed."
    ),
}

NEWS_INDEX = {
    "title": "News",
    "intro": "News about the Minamata Convention on Mercury: new Parties, meetings and decisions.",
}

PARTICIPANTS_PAGE = {
    "slug": "participants",
    "title": "Participants' area",
    "intro": (
        "In-session documents and notices for registered participants of the meeting. Sign in with a "
        "participant account to open this page."
    ),
}

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About the platform",
        "listing_summary": "What the Minamata Exchange Platform holds and how it is organised.",
        "body": [
            (
                "paragraph",
                "<p>The Minamata Exchange Platform is the knowledge hub of the Minamata Convention on "
                "Mercury. It brings together decisions of the Conference of the Parties, meeting documents, "
                "guidance, reports and tools, profiles of Parties and signatories, meetings, events and "
                "news.</p>",
            ),
            ("heading", {"heading_text": "How it is organised", "size": "h2"}),
            (
                "paragraph",
                "<p>Content is organised by four knowledge pillars (scientific, technical, legal and "
                "implementation) and by twelve thematic areas that follow the Convention's substantive "
                "articles. Each resource, event and news item is tagged with the areas, articles, "
                "countries and Global Mercury Partnership areas it concerns, so it appears on the "
                "matching pages and search filters.</p>",
            ),
            ("heading", {"heading_text": "Sources and completeness", "size": "h2"}),
            (
                "paragraph",
                "<p>The first content of the platform was compiled from public sources: Secretariat and "
                "UNEP web pages, the IEA Database Project and meeting reports. Every record keeps the "
                "address of its source. Several lists are incomplete, and pages say so with the date their "
                "information was last checked; editors are completing them.</p>",
            ),
            ("heading", {"heading_text": "Languages", "size": "h2"}),
            (
                "paragraph",
                "<p>The platform is available in the six official languages of the United Nations. Pages "
                "that have not been translated yet are shown in English.</p>",
            ),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact",
        "listing_summary": "How to contact the Secretariat of the Minamata Convention on Mercury.",
        "body": [
            (
                "paragraph",
                "<p>The Secretariat of the Minamata Convention on Mercury is provided by the United Nations "
                "Environment Programme and is based in Geneva, Switzerland. Its contact details are "
                'published on the <a href="https://minamataconvention.org/en">Convention\'s website</a>.</p>',
            ),
            (
                "paragraph",
                "<p>To report an error on this platform or to suggest a resource for the library, please "
                "contact the Secretariat and mention the address of the page concerned.</p>",
            ),
        ],
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "listing_summary": "Conditions for using the information on this platform.",
        "body": [
            (
                "paragraph",
                "<p>The information on this platform is provided for general information. The authoritative "
                "texts of the Convention, of decisions of the Conference of the Parties and of meeting "
                "documents are those issued by the depositary and the Secretariat; in case of difference, "
                "they prevail.</p>",
            ),
            (
                "paragraph",
                "<p>Resources in the library remain the work of their publishers. Follow each publisher's "
                "terms when you reuse them. Links to other websites are provided for convenience; their "
                "content is the responsibility of their owners.</p>",
            ),
            (
                "paragraph",
                "<p>Lists of Parties, decisions, documents and events may be incomplete; each shows the date "
                "its information was last checked. The designations used and the presentation of material "
                "do not imply the expression of any opinion concerning the legal status of any country, "
                "territory or area, or of its authorities.</p>",
            ),
        ],
    },
]
