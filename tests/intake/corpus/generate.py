"""Write the corpus's Word (.docx) and PDF briefings from the text held in this script.

Run from anywhere:  python tests/intake/corpus/generate.py
Needs python-docx (1.2.0) and fpdf2 (2.8.x); neither is a project dependency, so use a scratch
virtualenv (see README.md). The output is deterministic: fixed document dates and fixed zip
timestamps, so re-running it leaves the committed files byte-for-byte unchanged.

Every briefing is a list of blocks:
    ("title", text)          Word "Title" style / large bold line in the PDF
    ("h1", text)             Word "Heading 1" / bold 13pt line
    ("h2", text)             Word "Heading 2" / bold 11pt line
    ("p", text)              Normal paragraph
    ("bold", text)           paragraph that is one bold run (a label on its own line)
    ("lead", bold, rest)     paragraph that opens with a bold run followed by normal text
    ("bullet", text)         Word "List Bullet" / "• " in the PDF
    ("number", text)         Word "List Number" / "1. ", "2. " … in the PDF
    ("item", prefix, text)   paragraph whose visible text starts with the given prefix
    ("table", header, rows)  real Word table (Word only)
"""

import datetime
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_DATE = datetime.datetime(2025, 1, 1, 9, 0, 0, tzinfo=datetime.UTC)
ZIP_DATE = (2025, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------------------------
# dev/dyffryn-teifi-cpr-child-l.docx: Welsh Extended Child Practice Review (Word)
# --------------------------------------------------------------------------------------------
CHILD_L = [
    ("title", "Dyffryn Teifi Regional Safeguarding Board"),
    ("p", "Extended Child Practice Review"),
    ("p", "Re: DTRSB 2/2024 – Child L"),
    ("p", "Date of publication: June 2024"),
    ("h1", "Brief outline of circumstances resulting in the review"),
    (
        "p",
        "This Extended Child Practice Review was commissioned by the Dyffryn Teifi Regional "
        "Safeguarding Board (DTRSB) under the Social Services and Well-being (Wales) Act 2014, "
        "after Child L, aged two, was found to have suffered significant neglect and a "
        "fractured femur. The review considered the period from Child L’s birth in November "
        "2020 to her admission to hospital in February 2023. Child L lived with her mother and "
        "her mother’s partner in a rural village some distance from services. The family spoke "
        "Welsh at home and had limited access to transport.",
    ),
    ("h1", "Learning points"),
    ("p", "The review identified the following learning for agencies across the region."),
    ("h2", "Learning point 1: Rurality and access to services"),
    (
        "p",
        "The family lived eleven miles from the nearest health centre and did not have a car. "
        "Missed appointments were recorded as ‘did not attend’ without any consideration of "
        "whether the family could get there. Practitioners did not offer home visits or "
        "transport, and the pattern of non-attendance was not seen as a possible indicator of "
        "neglect. Children who are not brought to appointments depend on adults to reach "
        "services.",
    ),
    ("h2", "Learning point 2: Language and the active offer"),
    (
        "p",
        "Child L’s mother’s first language was Welsh, but almost all contact with services took "
        "place in English. She later told the reviewer that she had not always understood what "
        "was expected of her. The active offer of Welsh language services was not made "
        "consistently. Communicating in a parent’s preferred language is essential to a "
        "meaningful assessment of their capacity to change.",
    ),
    ("h2", "Learning point 3: Professional optimism about a new partner"),
    (
        "p",
        "When mother’s partner moved into the home, practitioners accepted his account that he "
        "was supporting the family and had no previous involvement with services. No checks "
        "were made with the police or with the local authority where he had previously lived. "
        "Professionals were optimistic that a second adult would improve the care of Child L, "
        "and this optimism was not tested.",
    ),
    ("h2", "Learning point 4: Confidence to escalate"),
    (
        "p",
        "The health visitor was worried about Child L’s weight and development and raised this "
        "with children’s services on two occasions. Both contacts were closed with advice. The "
        "health visitor did not use the regional escalation procedure, because she was unsure "
        "whether her concern was serious enough. Practitioners need confidence that escalation "
        "is a normal part of multi-agency working and not a sign of conflict.",
    ),
    ("h1", "Good practice"),
    (
        "p",
        "The midwife who cared for Child L’s mother completed a thorough antenatal assessment "
        "and shared it promptly with the health visiting team. Staff in the emergency "
        "department were alert to the possibility of a non-accidental injury and followed "
        "procedures without delay.",
    ),
    ("h1", "Improving systems and practice"),
    (
        "p",
        "In order to promote the learning from this case the review identified the following "
        "actions for the Board and its member agencies:",
    ),
    (
        "number",
        "The Board should seek assurance that health services apply a ‘was not brought’ "
        "approach to children’s missed appointments, taking account of rurality and transport.",
    ),
    (
        "number",
        "Partner agencies should demonstrate that the active offer of services in Welsh is made "
        "to families at the first point of contact and recorded.",
    ),
    (
        "number",
        "The Board should remind practitioners of the need to complete checks on new adults "
        "joining a household where there are concerns about a child.",
    ),
    (
        "number",
        "The regional escalation procedure should be relaunched with practitioner briefings and "
        "a simple guide to when and how to escalate.",
    ),
    ("h1", "Action plan"),
    (
        "table",
        ["No.", "Action", "Lead agency", "Timescale", "Outcome"],
        [
            [
                "1",
                "Revise the ‘was not brought’ policy for under-fives to include rural access and "
                "transport",
                "Teifi Valley University Health Board",
                "31 December 2024",
                "Fewer children miss repeated appointments without follow-up",
            ],
            [
                "2",
                "Include the active offer in the regional safeguarding induction and audit how "
                "it is recorded",
                "Regional Safeguarding Business Unit",
                "Q3 2024/25",
                "Audit shows the active offer recorded in 80% of cases",
            ],
            [
                "3",
                "Issue a practice note on checks on new partners and add it to the regional "
                "training programme",
                "DTRSB Training Sub-group",
                "Spring 2025",
                "Practitioners report increased confidence in completing checks",
            ],
            [
                "4",
                "Relaunch the escalation procedure with briefings for health visitors and "
                "school nurses",
                "Regional Safeguarding Business Unit",
                "within 6 months",
                "Escalations are recorded and reported to the Board every quarter",
            ],
        ],
    ),
    ("h1", "Questions to reflect on"),
    ("bullet", "How far do the families you work with have to travel to reach your service?"),
    ("bullet", "Do you offer families the chance to speak to you in Welsh?"),
    ("bullet", "What checks do you make when a new adult joins a household?"),
    ("bullet", "When did you last use the escalation procedure, and what stopped you?"),
]


# --------------------------------------------------------------------------------------------
# dev/kingsmere-sar-peter.docx: Safeguarding Adults Review executive summary (Word)
# --------------------------------------------------------------------------------------------
PETER = [
    ("title", "Kingsmere Safeguarding Adults Board (KSAB)"),
    ("p", "Safeguarding Adults Review: Peter"),
    ("p", "Executive summary. Published September 2023"),
    ("h1", "About Peter"),
    (
        "p",
        "Peter was 58 when he died in January 2022. He lived alone in a council flat and had "
        "been known to adult social care since 2017. He was dependent on alcohol and had type 2 "
        "diabetes, and in the last two years of his life his flat became increasingly "
        "neglected. He died in hospital from sepsis following an infected foot ulcer. Peter’s "
        "sister described him as a kind and funny man who had lost his way after the death of "
        "his partner.",
    ),
    ("h1", "The review"),
    (
        "p",
        "The Board commissioned this review under section 44 of the Care Act 2014. It examined "
        "the involvement of agencies from January 2020 until Peter’s death, and it was "
        "completed by an independent reviewer working with a panel of senior managers.",
    ),
    ("h1", "Good practice"),
    (
        "p",
        "Peter’s GP practice made repeated efforts to contact him when he missed appointments, "
        "including a home visit. His housing officer raised a safeguarding concern when she "
        "saw the state of his flat, and she continued to visit him regularly.",
    ),
    ("h1", "Key themes"),
    ("h2", "Mental capacity and executive functioning"),
    (
        "p",
        "Peter repeatedly declined help with his personal care and the condition of his flat. "
        "Practitioners accepted these refusals as capacitated decisions without a formal "
        "assessment. Peter could describe the risks, but he could not act on what he knew when "
        "it mattered, particularly when drinking. The review found little understanding of "
        "executive capacity among the professionals involved.",
    ),
    ("h2", "Self-neglect and the high-risk panel"),
    (
        "p",
        "Peter’s case was never referred to the Board’s multi-agency high-risk panel, although "
        "he met the criteria on at least three occasions. Agencies worked in parallel, each "
        "closing its involvement when Peter did not engage. No single agency took the lead in "
        "coordinating a response.",
    ),
    ("h2", "Alcohol and physical health"),
    (
        "p",
        "Peter’s alcohol use was seen as a lifestyle choice. Hospital staff treated his "
        "diabetic complications on five admissions, but the opportunities to refer him to "
        "alcohol treatment were not taken. The link between his drinking, his poor diabetic "
        "control and his self-neglect was not made.",
    ),
    ("h2", "Hearing Peter’s story"),
    (
        "p",
        "Records described Peter as ‘non-compliant’ and ‘difficult to engage’. Few "
        "practitioners asked about his history, including the death of his partner in 2015, "
        "which his sister believed had triggered his decline. A trauma-informed approach might "
        "have helped professionals to build a relationship with him.",
    ),
    ("h1", "Recommendations"),
    (
        "number",
        "The Board should seek assurance that practitioners understand executive capacity and "
        "how to assess it where a person repeatedly makes decisions that place them at serious "
        "risk.",
    ),
    (
        "number",
        "Partner agencies should ensure that adults who meet the criteria for the high-risk "
        "panel are referred to it, and the Board should audit the use of the panel annually.",
    ),
    (
        "number",
        "Kingsmere Hospitals NHS Foundation Trust should ensure that alcohol liaison referrals "
        "are offered at every admission where alcohol use is a contributing factor.",
    ),
    (
        "number",
        "The Board should promote recording that describes a person’s circumstances rather "
        "than labelling them as non-compliant.",
    ),
    ("h1", "What the Board is doing"),
    (
        "table",
        ["Lead", "Target date", "Action"],
        [
            [
                "KSAB Mental Capacity Act Lead",
                "31 March 2024",
                "Deliver multi-agency training on executive functioning and mental capacity "
                "assessment",
            ],
            [
                "KSAB Business Manager",
                "Annually from April 2024",
                "Audit referrals to the high-risk panel and report the results to the Board",
            ],
            [
                "Kingsmere Hospitals NHS Foundation Trust",
                "December 2023",
                "Introduce an automatic prompt for alcohol liaison referral in the electronic "
                "patient record",
            ],
            [
                "KSAB Quality and Performance Sub-group",
                "ongoing",
                "Run a ‘Words matter’ campaign on respectful recording",
            ],
        ],
    ),
    ("h1", "Questions to reflect on"),
    (
        "bullet",
        "When a person refuses help, how do you satisfy yourself that they can act on their "
        "decision as well as explain it?",
    ),
    ("bullet", "Who is coordinating the response to the adults you are most worried about?"),
    ("bullet", "What do you know about the life story of the person you are supporting?"),
]


# --------------------------------------------------------------------------------------------
# dev/tamebridge-learning-brief-josh.docx: partnership learning brief (Word)
# --------------------------------------------------------------------------------------------
JOSH = [
    ("title", "Learning Brief"),
    ("p", "Tamebridge Safeguarding Partnership"),
    ("p", "Josh: a partnership learning review"),
    ("p", "March 2024"),
    ("h1", "Who is Josh?"),
    (
        "p",
        "Josh is a young man who was 16 at the time of the incident that led to this review. "
        "He had lived with his father until their relationship broke down in 2022, when he "
        "became looked after and moved into supported accommodation. Josh has a diagnosis of "
        "ADHD and had not been in education since he was 15. In May 2023 he was stabbed in a "
        "park near his accommodation. He survived, and he agreed to speak to the reviewer "
        "because he wanted other young people to get better help than he did.",
    ),
    ("h1", "Why did we carry out a learning review?"),
    (
        "p",
        "The Tamebridge Safeguarding Partnership’s rapid review decided that the criteria for "
        "a local child safeguarding practice review were not met. However, partners agreed "
        "that a learning review would help them to understand how 16 and 17 year olds in "
        "supported accommodation are kept safe. The review took place between September 2023 "
        "and January 2024.",
    ),
    ("h1", "Findings"),
    ("bold", "Finding one"),
    (
        "p",
        "Supported accommodation was chosen because it was available, not because it met "
        "Josh’s needs. Josh was placed in a shared house with older young people, some of whom "
        "were involved in crime. Staff at the accommodation were not told about his ADHD or "
        "about the concerns that he was being groomed. Placement decisions for 16 and 17 year "
        "olds need the same care as any other placement for a looked after child.",
    ),
    ("bold", "Finding two"),
    (
        "p",
        "Josh was out of education for more than a year. He was on the roll of a pupil "
        "referral unit but rarely attended, and his absence was not followed up in his care "
        "plan. Without a daily routine, Josh spent most of his time with people who put him at "
        "risk.",
    ),
    ("bold", "Finding three"),
    (
        "p",
        "Concerns from the community were not connected to Josh. Neighbours and a local youth "
        "worker had reported young people dealing drugs in the park where Josh was later "
        "attacked. These reports were recorded by the police and the council’s community "
        "safety team but were not shared with children’s services, so the risks of the place "
        "were never linked to the children who spent time there.",
    ),
    ("bold", "Finding four"),
    (
        "p",
        "Josh’s own view of what would keep him safe was not sought. He told the reviewer that "
        "he had asked to move closer to his grandmother, but that no one had taken this "
        "seriously. When young people are not listened to, they are less likely to trust "
        "professionals with information about risk.",
    ),
    ("h1", "What went well"),
    (
        "p",
        "Josh’s personal adviser kept in touch with him throughout, including while he was in "
        "hospital. Josh described her as ‘the one person who never gave up on me’.",
    ),
    ("h1", "Recommendations"),
    (
        "bullet",
        "The Partnership should seek assurance that placement decisions for looked after 16 and "
        "17 year olds in supported accommodation are based on an assessment of need and risk.",
    ),
    (
        "bullet",
        "The virtual school should track and challenge the attendance of every looked after "
        "child on the roll of alternative provision.",
    ),
    (
        "bullet",
        "Community safety, police and children’s services should agree how information about "
        "risky places is shared and linked to children known to services.",
    ),
    (
        "bullet",
        "Care planning should record the young person’s own views about what would keep them "
        "safe, and how these have been acted on.",
    ),
    ("h1", "Actions"),
    (
        "table",
        [
            "How will we know we are making a difference?",
            "What are we going to do?",
            "Who will lead",
            "By when",
        ],
        [
            [
                "Every placement referral for a 16 or 17 year old includes a risk assessment",
                "Revise the supported accommodation referral form to include needs and risk",
                "Tamebridge Children’s Services Placements Team",
                "30 June 2024",
            ],
            [
                "Attendance of looked after children in alternative provision improves",
                "Introduce fortnightly attendance tracking for looked after children in "
                "alternative provision",
                "Head of the Virtual School",
                "September 2024",
            ],
            [
                "Community intelligence is considered at the exploitation panel",
                "Agree a protocol for sharing community safety intelligence about places of "
                "concern",
                "Tamebridge Community Safety Partnership",
                "Q3 2024/25",
            ],
            [
                "Young people’s views are visible in the care plans audited",
                "Add a ‘my safety plan in my words’ section to care plans",
                "Independent Reviewing Service",
                "within 6 months",
            ],
        ],
    ),
    ("h1", "Questions"),
    (
        "number",
        "How do you know that a placement is right for a 16 or 17 year old, and not just "
        "available?",
    ),
    (
        "number",
        "What do you know about the places where the young people you work with spend their time?",
    ),
    ("number", "When a young person tells you what would keep them safe, what do you do with it?"),
]


# --------------------------------------------------------------------------------------------
# holdout/oakhurst-lyne-seven-minute-child-b.docx: 7-minute briefing in Word, other wordings
# --------------------------------------------------------------------------------------------
CHILD_B = [
    ("title", "7 Minute Briefing: Child B"),
    (
        "p",
        "Oakhurst and Lyne Safeguarding Children Partnership (OLSCP) – Local Child Safeguarding "
        "Practice Review",
    ),
    ("p", "Date: 3 February 2025"),
    ("h2", "1 | Context"),
    (
        "p",
        "Child B was born prematurely in 2023 and had complex medical needs, including a "
        "gastrostomy tube for feeding. He lived with his parents and an older sister. At nine "
        "months old Child B was admitted to hospital severely malnourished, after his parents "
        "had stopped attending his feeding clinic. He is now making good progress in the care "
        "of his grandparents.",
    ),
    ("h2", "2 | About the review"),
    (
        "p",
        "The review examined agency involvement from Child B’s discharge from the neonatal unit "
        "in the spring of 2023 until his admission in January 2024. The reviewer spoke with "
        "practitioners from the hospital, community nursing, the GP practice and children’s "
        "social care, and with Child B’s grandparents.",
    ),
    ("h2", "3 | Practice learning"),
    (
        "lead",
        "Planning for discharge. ",
        "Child B’s discharge from the neonatal unit was planned around his medical needs. The "
        "discharge meeting did not consider the parents’ capacity to manage tube feeding at "
        "home, although nursing staff had concerns about their confidence. No named "
        "professional was responsible for coordinating his care in the community.",
    ),
    (
        "lead",
        "Missed health appointments. ",
        "Child B was not brought to seven of his eleven outpatient appointments. Each clinic "
        "sent a letter to the parents and copied it to the GP, but no one looked at the overall "
        "pattern. For a child who depends on adults for specialist care, missed appointments "
        "are a safeguarding concern in themselves.",
    ),
    (
        "lead",
        "Medical neglect and thresholds. ",
        "Practitioners were uncertain whether the parents’ failure to manage Child B’s feeding "
        "was neglect or a lack of understanding. A referral to children’s social care "
        "described the concerns as ‘health needs’ and was passed to early help. The threshold "
        "for medical neglect was not well understood across the partnership.",
    ),
    (
        "lead",
        "Fatigue and family stress. ",
        "Both parents were exhausted, and father had lost his job. The family’s wider needs "
        "were not assessed, and the additional pressure of caring for a medically complex baby "
        "was not recognised.",
    ),
    ("h2", "4 | Strengths in practice"),
    (
        "p",
        "The community children’s nurse visited regularly and built a warm relationship with "
        "the family. When Child B was admitted, the ward team made a clear and immediate "
        "referral, and the strategy discussion was prompt and well attended.",
    ),
    ("h2", "5 | Areas for development"),
    (
        "bullet",
        "Neonatal discharge planning for babies with complex needs should include an "
        "assessment of the parents’ skills and confidence, and should name a lead professional.",
    ),
    (
        "bullet",
        "All health services should apply the ‘was not brought’ policy to children with "
        "complex medical needs, and review patterns of missed appointments across services.",
    ),
    (
        "bullet",
        "The OLSCP should publish practice guidance on medical neglect, including when to "
        "refer to children’s social care.",
    ),
    ("h2", "6 | Our response"),
    (
        "table",
        ["Action owner", "Deadline", "What we will do", "Evidence of impact"],
        [
            [
                "Oakhurst University Hospitals NHS Trust Neonatal Unit",
                "31 May 2025",
                "Introduce a discharge readiness assessment for parents of babies with complex "
                "needs",
                "Assessment completed for all eligible discharges",
            ],
            [
                "Oakhurst and Lyne Integrated Care Board",
                "Summer 2025",
                "Extend the ‘was not brought’ policy to all paediatric outpatient services",
                "Patterns of missed appointments are flagged to the named nurse",
            ],
            [
                "OLSCP Practice Development Group",
                "October 2025",
                "Publish medical neglect guidance with a short practice briefing",
                "Guidance used in multi-agency training",
            ],
        ],
    ),
    ("h2", "7 | Over to you"),
    ("bullet", "Who coordinates the care of the children with complex needs that you work with?"),
    ("bullet", "What do you do when a child is not brought to an appointment?"),
    ("bullet", "How would you recognise medical neglect?"),
    ("bullet", "Have you asked the family what help they need?"),
]


# --------------------------------------------------------------------------------------------
# dev/national-panel-hidden-harm.pdf: national analysis summary (PDF)
# --------------------------------------------------------------------------------------------
HIDDEN_HARM = [
    ("title", "Hidden harm at home: prescription medicines and infant safety"),
    ("p", "A national analysis by the National Child Safeguarding Review Panel (NCSRP)"),
    ("p", "Summary report | Published July 2024"),
    ("h1", "About this analysis"),
    (
        "p",
        "The Panel analysed 37 serious incident notifications made between April 2021 and "
        "March 2023 in which a child under two had been seriously harmed or had died after "
        "taking a medicine prescribed to an adult in the household. Most involved opioid "
        "painkillers or substitute opioids such as methadone. The Panel also considered 12 "
        "local child safeguarding practice reviews and held discussions with practitioners, "
        "pharmacists and parents.",
    ),
    ("h1", "Cross-cutting themes"),
    ("h2", "Safe storage was rarely discussed"),
    (
        "p",
        "In most of the cases analysed, no professional had talked to the parents about where "
        "medicines were kept. Where advice was given, it was general and was not repeated when "
        "the child became mobile. Lockable storage boxes were offered in only three cases. "
        "Parents told the Panel that they had not realised how quickly a small amount of "
        "medicine could harm a baby.",
    ),
    ("h2", "Parents' dependence on prescribed medicines was hidden"),
    (
        "p",
        "Many parents had been prescribed strong painkillers for long-term conditions and had "
        "become dependent on them. Because the medicines were prescribed, their use was not "
        "seen as substance misuse, and children's services were seldom aware of it. "
        "Practitioners did not ask about prescribed medicines in the way that they asked about "
        "illicit drugs or alcohol.",
    ),
    ("h2", "Adult services did not think about the children"),
    (
        "p",
        "GPs, pain clinics and drug treatment services often knew that a patient was living "
        "with a baby, but records rarely showed that the risk to the child had been "
        "considered. Information was not routinely shared with health visitors. Where adult "
        "services did make referrals, these tended to follow a crisis rather than anticipate "
        "one.",
    ),
    ("h2", "Pharmacists were outside the safeguarding network"),
    (
        "p",
        "Community pharmacists had frequent contact with many of the families, sometimes daily "
        "for supervised consumption. They were rarely invited to contribute to assessments and "
        "were uncertain about when to raise concerns. Pharmacists are well placed to notice "
        "changes in a parent's presentation and to reinforce safe storage messages.",
    ),
    ("h1", "Recommendations"),
    (
        "number",
        "The Department of Health and Social Care should work with pharmacy regulators to "
        "ensure that safe storage advice is given whenever opioid medicines are dispensed to a "
        "household with children under five.",
    ),
    (
        "number",
        "NHS England should ensure that prescribers of long-term opioid medicines routinely "
        "record whether the patient lives with or cares for young children.",
    ),
    (
        "number",
        "Local safeguarding partners should include community pharmacy in their multi-agency "
        "arrangements and training offer.",
    ),
    (
        "number",
        "Adult substance misuse and pain management services should adopt a 'think family' "
        "approach and share information where a patient's dependence may affect the care of a "
        "child.",
    ),
    ("h1", "What happens next"),
    (
        "p",
        "The Panel's recommendations have been sent to the government departments and national "
        "bodies named above, whose responses will be published on the Panel's website.",
    ),
    ("h1", "Questions for local partnerships"),
    (
        "item",
        "- ",
        "How do practitioners in your area ask parents about prescribed medicines, and where "
        "they are kept?",
    ),
    ("item", "- ", "Are community pharmacists part of your local safeguarding arrangements?"),
    (
        "item",
        "- ",
        "Do adult services in your area record and consider the children who live with their "
        "patients?",
    ),
]


# --------------------------------------------------------------------------------------------
# holdout/brackenfield-sibling-group-k.pdf: LCSPR practice learning summary (PDF)
# --------------------------------------------------------------------------------------------
SIBLING_GROUP_K = [
    ("title", "Brackenfield Children's Safeguarding Partnership (BCSP)"),
    ("p", "Practice Learning Summary"),
    ("h1", "Sibling Group K: a Local Child Safeguarding Practice Review"),
    ("h2", "Overview"),
    (
        "p",
        "This summary shares the learning from the review of Sibling Group K, four brothers "
        "and sisters aged between 3 and 12 who were removed from their parents' care after "
        "living for several years in conditions of serious neglect. Between 2020 and 2023 the "
        "family moved house three times and the children attended four different schools. The "
        "review was completed in June 2024 and considered practice over three years.",
    ),
    ("h2", "What we found"),
    ("p", "Learning 1: Neglect that had become normal"),
    (
        "p",
        "Practitioners who had known the family for a long time had become used to the "
        "condition of the home and the children's appearance. New professionals who visited "
        "were shocked, but their concerns were discounted by those who knew the family well. "
        "Long involvement can lower practitioners' sensitivity to neglect, which is why tools "
        "that measure change over time are important.",
    ),
    ("p", "Learning 2: Each child's needs were not assessed"),
    (
        "p",
        "Assessments described the sibling group as a whole. The youngest child's speech delay "
        "and the eldest child's caring responsibilities for her siblings were not identified. "
        "Every child in a family needs an individual assessment that captures their own "
        "experience.",
    ),
    ("p", "Learning 3: Moves between schools and areas"),
    (
        "p",
        "Each time the family moved, information was lost. Schools did not always receive "
        "safeguarding files, and health visiting records were transferred late. The family's "
        "moves were not considered as a possible way of avoiding scrutiny.",
    ),
    ("p", "Learning 4: Parental learning needs"),
    (
        "p",
        "The children's mother had a mild learning disability which was never formally "
        "assessed. Written agreements and plans were given to her but she could not read them. "
        "Parents with learning needs should be offered information in accessible formats and "
        "an advocate where needed.",
    ),
    ("h2", "What we are asking partners to do"),
    (
        "item",
        "a) ",
        "Use the Graded Care Profile 2 at the start of any assessment of neglect and at "
        "regular intervals, so that change can be measured over time.",
    ),
    (
        "item",
        "b) ",
        "Make sure that every child in a sibling group has their own assessment and their own "
        "voice in the plan.",
    ),
    (
        "item",
        "c) ",
        "Follow the partnership's guidance on the transfer of safeguarding files whenever a "
        "child changes school.",
    ),
    (
        "item",
        "d) ",
        "Consider whether a parent may have learning needs, and offer accessible information "
        "and advocacy.",
    ),
    ("h2", "How we will respond"),
    (
        "p",
        "What: Re-launch Graded Care Profile 2 training, with refresher sessions for "
        "experienced practitioners",
    ),
    ("p", "Who: BCSP Neglect Strategy Group"),
    ("p", "When: March 2025"),
    ("p", "Impact: More Graded Care Profile 2 assessments completed in neglect cases"),
    ("gap",),
    ("p", "What: Audit the transfer of safeguarding files between schools in the autumn term"),
    ("p", "Who: Brackenfield Education Safeguarding Service"),
    ("p", "When: December 2024"),
    ("p", "Impact: All files transferred within five school days"),
    ("gap",),
    (
        "p",
        "What: Commission an advocacy service for parents with learning needs who are involved "
        "in child protection processes",
    ),
    ("p", "Who: Brackenfield Council Children's Services"),
    ("p", "When: 2025/26 financial year"),
    ("p", "Impact: Number of parents supported by an advocate"),
    ("h2", "Things to think about"),
    (
        "item",
        "o  ",
        "How would you know if you had become used to the neglect in a family you know well?",
    ),
    (
        "item",
        "o  ",
        "Can you describe what a day is like for each child in the family, not just for the "
        "family as a whole?",
    ),
    ("item", "o  ", "How do you check that a parent has understood what is being asked of them?"),
    ("gap",),
    ("p", "Brackenfield Children's Safeguarding Partnership - September 2024"),
]


DOCX = {
    "dev/dyffryn-teifi-cpr-child-l.docx": (CHILD_L, "Extended Child Practice Review: Child L"),
    "dev/kingsmere-sar-peter.docx": (PETER, "Safeguarding Adults Review: Peter"),
    "dev/tamebridge-learning-brief-josh.docx": (JOSH, "Learning Brief: Josh"),
    "holdout/oakhurst-lyne-seven-minute-child-b.docx": (CHILD_B, "7 Minute Briefing: Child B"),
}
PDF = {
    "dev/national-panel-hidden-harm.pdf": (HIDDEN_HARM, "Hidden harm at home"),
    "holdout/brackenfield-sibling-group-k.pdf": (SIBLING_GROUP_K, "Sibling Group K"),
}


def build_docx(blocks, title):
    import docx
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.author = "Corpus generator"
    props.last_modified_by = "Corpus generator"
    props.title = title
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    for block in blocks:
        kind = block[0]
        if kind == "title":
            document.add_paragraph(block[1], style="Title")
        elif kind == "h1":
            document.add_heading(block[1], level=1)
        elif kind == "h2":
            document.add_heading(block[1], level=2)
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "bold":
            document.add_paragraph().add_run(block[1]).bold = True
        elif kind == "lead":
            paragraph = document.add_paragraph()
            paragraph.add_run(block[1]).bold = True
            paragraph.add_run(block[2])
        elif kind == "bullet":
            document.add_paragraph(block[1], style="List Bullet")
        elif kind == "number":
            document.add_paragraph(block[1], style="List Number")
        elif kind == "item":
            document.add_paragraph(block[1] + block[2])
        elif kind == "gap":
            document.add_paragraph("")
        elif kind == "table":
            header, rows = block[1], block[2]
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "Table Grid"
            for index, text in enumerate(header):
                cell = table.rows[0].cells[index]
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.bold = True
                run.font.size = Pt(10)
            for row_index, row in enumerate(rows, start=1):
                for index, text in enumerate(row):
                    table.rows[row_index].cells[index].text = text
        else:
            raise ValueError(f"unknown block {kind!r}")
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data):
    """Rewrite a .docx zip with fixed timestamps so the bytes do not depend on the clock."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def build_pdf(blocks, title):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # curly quotes, dashes and bullets in Helvetica
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_author("Corpus generator")
    pdf.set_creator("tests/intake/corpus/generate.py")
    pdf.set_producer("fpdf2")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    number = 0
    for block in blocks:
        kind = block[0]
        if kind != "number":
            number = 0
        if kind == "title":
            pdf.set_font("Helvetica", "B", 16)
            pdf.multi_cell(0, 8, block[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind in ("h1", "h2"):
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 13 if kind == "h1" else 11)
            pdf.multi_cell(0, 7, block[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "gap":
            pdf.ln(3)
        else:
            pdf.set_font("Helvetica", "", 10.5)
            if kind == "p":
                text = block[1]
            elif kind == "bullet":
                text = "• " + block[1]
            elif kind == "number":
                number += 1
                text = f"{number}. " + block[1]
            elif kind == "item":
                text = block[1] + block[2]
            else:
                raise ValueError(f"block {kind!r} is not supported in a PDF")
            pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
    return bytes(pdf.output())


def main():
    for relative, (blocks, title) in DOCX.items():
        path = HERE / relative
        path.write_bytes(build_docx(blocks, title))
        print("wrote", path.relative_to(HERE))
    for relative, (blocks, title) in PDF.items():
        path = HERE / relative
        path.write_bytes(build_pdf(blocks, title))
        print("wrote", path.relative_to(HERE))


if __name__ == "__main__":
    main()
