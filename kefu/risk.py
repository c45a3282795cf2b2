"""Risk assessment of shopper messages (pure Python; keyword lists in data/risk.yml).

Levels (kefu/levels.py): none < low < high < critical. High and critical go to a
person at once; low gets an apology and an offer of a person (actions/handoff.py).
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from kefu.clauses import ASKS
from kefu.levels import level_rank
from kefu.patterns import normalise_order_numbers, order_id_pattern
from kefu.settings import DATA_DIR
from kefu.traditional import to_simplified
from kefu.words import mentions

RULES_PATH = DATA_DIR / "risk.yml"
CLAUSE_BREAK = re.compile(r"[,，。.!！?？;；~～、…\s]+")
# "不开票我就去税务局": a threat on a condition; its 开票 is no harmless context ("开票问问税务局")
CONDITIONAL_THREAT = re.compile(r"不.{1,6}?(?:就|我就|我)(?:去|打|找|告|报)")  # "不开票我去12315举报"
NEGATION_WINDOW = 4  # characters before a keyword in which a negation cancels it
# "再不发我给差评了", "要是不退我就投诉": the 不 is the condition's, not the threat's
# ("我还不想给差评": 不想, 不会 … are the shopper's own no; "还不到我要投诉的程度", "如果不是我差评",
# "还不值得我投诉" hold no condition)
CONDITION_BEFORE = re.compile(
    r"(?:(?:再|要是|如果|若)不(?![想会要用必至打是值配让够])|还不(?![想会要用必至打是值配让够到]))"
    r"[\u4e00-\u9fff]{1,2}(?=我|就|给|直接|的话|马上|立马)"
)
AFTER_WINDOW = 7  # characters after a keyword checked for "…是不会给的"


@dataclass(frozen=True)
class Category:
    name: str
    label: str
    level: str
    strong: Tuple[str, ...]
    weak: Tuple[str, ...]


@dataclass(frozen=True)
class RiskRules:
    categories: Tuple[Category, ...]
    harmless_phrases: Tuple[str, ...]
    told_conditions: Tuple[str, ...]
    incident_words: Tuple[str, ...]
    negations: Tuple[str, ...]
    negations_after: Tuple[str, ...]
    not_negations: Tuple[str, ...]
    place_suffixes: Tuple[str, ...]
    simile_before: Tuple[str, ...]
    simile_after: Tuple[str, ...]
    simile_categories: Tuple[str, ...]
    harmless_contexts: Tuple[str, ...]
    harmless_context_categories: Tuple[str, ...]
    hedges: Tuple[str, ...]
    question_endings: Tuple[str, ...]
    hedged_categories: Tuple[str, ...]
    third_party_markers: Tuple[str, ...]
    hypothetical_markers: Tuple[str, ...]
    urgent_markers: Tuple[str, ...]
    waiting_topics: Tuple[str, ...]
    third_party_categories: Tuple[str, ...]
    positive_markers: Tuple[str, ...]
    praise_markers: Tuple[str, ...]
    praise_doubts: Tuple[str, ...]
    friendly_markers: Tuple[str, ...]
    calming_markers: Tuple[str, ...]
    glad_turned_markers: Tuple[str, ...]
    joke_takebacks: Tuple[str, ...]
    complaint_markers: Tuple[str, ...]
    threat_patterns: Tuple[re.Pattern, ...]
    intensity_markers: Tuple[str, ...]
    rhetorical_markers: Tuple[str, ...]
    low_markers: Tuple[str, ...]
    traditional: Dict[str, str]
    complaints_in_a_row_for_high: int
    high_order_amount: float
    appliance_hazard_words: Tuple[str, ...] = ()
    body_hazard_words: Tuple[str, ...] = ()
    person_requests: Tuple[str, ...] = ()
    own_remedies: Tuple[str, ...] = ()
    mild_reaction_symptoms: Tuple[str, ...] = ()
    mild_reaction_uses: Tuple[str, ...] = ()
    mild_reaction_skin: Tuple[str, ...] = ()
    mild_reaction_asked: Tuple[str, ...] = ()
    said_to_the_shop: Tuple[re.Pattern, ...] = ()
    courier_complaint_markers: Tuple[str, ...] = ()
    courier_people: Tuple[str, ...] = ()
    goods_tear_words: Tuple[str, ...] = ()
    goods_words: Tuple[str, ...] = ()
    body_words: Tuple[str, ...] = ()

    @classmethod
    def from_yaml(cls, path: Path = RULES_PATH) -> "RiskRules":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        words = lambda key: tuple(str(w).lower() for w in raw.get(key) or ())  # noqa: E731
        return cls(
            categories=tuple(
                Category(
                    name,
                    spec["label"],
                    spec["level"],
                    tuple(str(w).lower() for w in spec.get("strong") or ()),
                    tuple(str(w).lower() for w in spec.get("weak") or ()),
                )
                for name, spec in raw["categories"].items()
            ),
            harmless_phrases=tuple(sorted(words("harmless_phrases"), key=len, reverse=True)),
            told_conditions=words("told_conditions"),
            incident_words=words("incident_words"),
            negations=words("negations"),
            negations_after=words("negations_after"),
            not_negations=words("not_negations"),
            place_suffixes=words("place_suffixes"),
            simile_before=words("simile_before"),
            simile_after=words("simile_after"),
            simile_categories=tuple(raw.get("simile_categories") or ()),
            harmless_contexts=words("harmless_contexts"),
            harmless_context_categories=tuple(raw.get("harmless_context_categories") or ()),
            hedges=words("hedges"),
            question_endings=words("question_endings"),
            hedged_categories=tuple(raw.get("hedged_categories") or ()),
            third_party_markers=words("third_party_markers"),
            hypothetical_markers=words("hypothetical_markers"),
            urgent_markers=words("urgent_markers"),
            waiting_topics=words("waiting_topics"),
            third_party_categories=tuple(raw.get("third_party_categories") or ()),
            positive_markers=words("positive_markers"),
            praise_markers=words("praise_markers"),
            praise_doubts=words("praise_doubts"),
            friendly_markers=words("friendly_markers"),
            calming_markers=words("calming_markers"),
            glad_turned_markers=words("glad_turned_markers"),
            joke_takebacks=words("joke_takebacks"),
            complaint_markers=words("complaint_markers"),
            threat_patterns=tuple(re.compile(p) for p in raw.get("threat_patterns") or ()),
            own_remedies=words("own_remedies"),
            mild_reaction_symptoms=words("mild_reaction_symptoms"),
            mild_reaction_uses=words("mild_reaction_uses"),
            mild_reaction_skin=words("mild_reaction_skin"),
            mild_reaction_asked=words("mild_reaction_asked"),
            said_to_the_shop=tuple(re.compile(p) for p in raw.get("said_to_the_shop") or ()),
            courier_complaint_markers=words("courier_complaint_markers"),
            courier_people=words("courier_people"),
            goods_tear_words=tuple(str(w) for w in (raw.get("goods_tears") or {}).get("words") or ()),
            goods_words=tuple(str(w) for w in (raw.get("goods_tears") or {}).get("goods") or ()),
            body_words=tuple(str(w) for w in (raw.get("goods_tears") or {}).get("body") or ()),
            intensity_markers=words("intensity_markers"),
            rhetorical_markers=words("rhetorical_markers"),
            low_markers=words("low_markers"),
            traditional={str(k): str(v) for k, v in (raw.get("traditional") or {}).items()},
            complaints_in_a_row_for_high=int(raw["context"]["complaints_in_a_row_for_high"]),
            high_order_amount=float(raw["context"]["high_order_amount"]),
            appliance_hazard_words=tuple(str(w) for w in (raw.get("safety_advice") or {}).get("appliance") or ()),
            body_hazard_words=tuple(str(w) for w in (raw.get("safety_advice") or {}).get("body") or ()),
            person_requests=words("person_requests"),
        )


@cache
def default_rules() -> RiskRules:
    return RiskRules.from_yaml()


def safety_advice_response(text: str, rules: Optional[RiskRules] = None) -> str:
    """The stop-using advice that fits the hazard told: unplug an appliance; see a doctor for a
    reaction of the body (a face mask is not unplugged); both when the message does not say."""
    rules = rules or default_rules()
    folded = to_simplified(text or "")
    if any(word in folded for word in rules.appliance_hazard_words):
        return "utter_safety_advice_appliance"
    if any(word in folded for word in rules.body_hazard_words):
        return "utter_safety_advice_body"
    return "utter_safety_advice"


@dataclass(frozen=True)
class RiskAssessment:
    level: str
    reasons: Tuple[str, ...] = ()
    categories: Tuple[str, ...] = field(default=(), compare=False)

    @property
    def escalate(self) -> bool:
        return level_rank(self.level) >= level_rank("high")


@dataclass(frozen=True)
class Turn:
    text: str
    intent: Optional[str] = None
    confidence: float = 0.0


def fold(text: str, rules: RiskRules) -> str:
    """Simplified, lower-case text, harmless phrases not yet masked."""
    return "".join(rules.traditional.get(char, char) for char in to_simplified(text).lower())


# "1 2 3 1 5": digits typed apart are still one number (clauses break at spaces)
SPACED_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")


# "本来想去投诉的 算了不投诉了": an intention told and taken back at once is no threat ("本来想投诉的
# 结果你们还是这态度", "本来想找消协的 先听听你们怎么说" take nothing back)
TAKEN_BACK = re.compile(
    r"(?:本来|原本|原来|本)想[^\s,，。!！]{0,10}(?=[\s,，。!！]*(?:但是?|不过|想想)?(?:还是)?(?:算了|不(?!忍|行|了)[^\s,，。!！]{1,4}了))"
)


def normalise(text: str, rules: RiskRules) -> str:
    folded = SPACED_DIGITS.sub("", fold(text, rules))
    folded = TAKEN_BACK.sub(lambda m: "□" * len(m.group()), folded)
    for phrase in rules.harmless_phrases:
        folded = folded.replace(phrase, "□" * len(phrase))
    if mentions(folded, rules.goods_words) and not mentions(folded, rules.body_words):
        # "风衣收到扣子掉了两颗 后背还有个口子": a tear in the goods ("手背开了个口子" is a cut)
        for word in rules.goods_tear_words:
            folded = folded.replace(word, "□" * len(word))
    if rules.told_conditions and not any(word in folded for word in rules.incident_words):
        folded = _told_condition_pattern(rules.told_conditions).sub(lambda m: "□" * len(m.group()), folded)
    return folded


@cache
def _told_condition_pattern(conditions: Tuple[str, ...]) -> "re.Pattern[str]":
    return re.compile("|".join(map(re.escape, conditions)))


def _counts_as_hit(
    clause: str, start: int, end: int, category: Category, rules: RiskRules, question_like: bool
) -> bool:
    """Does the keyword at clause[start:end] count, or is it negated / a mere question?"""
    before = clause[max(0, start - 2 * NEGATION_WINDOW) : start]
    after = clause[end : end + AFTER_WINDOW]
    for rhetorical in rules.not_negations:  # "是不是专门割韭菜的": removed before the window is cut
        before = before.replace(rhetorical, "")
    before = CONDITION_BEFORE.sub("", before)[-NEGATION_WINDOW:]
    before = before.split("就")[-1]  # "不给退就法院见": the 不 belongs to the condition
    if any(neg in before for neg in rules.negations) or any(neg in after for neg in rules.negations_after):
        return False
    institutions = category.name in rules.harmless_context_categories
    if institutions and any(suffix in after[:4] for suffix in rules.place_suffixes):  # not "去医院的路上"
        return False
    simile = any(w in clause[:start] for w in rules.simile_before) and any(w in after for w in rules.simile_after)
    if simile and category.name in rules.simile_categories:  # "跟冒烟一样"; "跟要饭一样" is still abuse
        return False
    harmless_context = any(w in clause for w in rules.harmless_contexts) and not CONDITIONAL_THREAT.search(clause)
    if category.name in rules.harmless_context_categories and harmless_context:
        return False
    if category.name in rules.hedged_categories and any(w in clause for w in rules.hypothetical_markers):
        return False
    asks = question_like and not any(r in clause for r in rules.not_negations)
    if category.name in rules.hedged_categories and asks and clause[end : end + 1] != "了":
        return not (any(hedge in clause for hedge in rules.hedges) or clause.endswith(rules.question_endings))
    return True


def _category_hits(text: str, rules: RiskRules, rhetorical: bool, unmasked: str = "") -> List[Category]:
    """`unmasked`: the folded text before harmless phrases were masked, where third parties are
    looked for ("有人冒充你们" names one; 冒充 itself is masked as harmless)."""
    has_complaint = any(marker in text for marker in rules.complaint_markers)
    third_party = any(marker in (unmasked or text) for marker in rules.third_party_markers)
    # "我想投诉这个快递员 怎么投诉啊": the courier complained of; a complaint about the shop beside it
    # still counts, and so does anything else said (a fake, an injury, a bad review)
    courier = any(marker in (unmasked or text) for marker in rules.courier_complaint_markers)
    courier = courier or ("投诉" in text and mentions(text, rules.courier_people))  # "这种快递员我要投诉"
    clauses = _with_afterthoughts(CLAUSE_BREAK.split(text), rules)  # once per message, not per keyword
    hits = []
    for category in rules.categories:
        said_of = clauses
        if third_party and category.name in rules.third_party_categories:
            # "别人家都是当天发 你们是不是骗子啊": only what is said to the shop itself still counts
            said_of = [c for c in clauses if said_to_the_shop(c, rules) and not mentions(c, rules.third_party_markers)]
        if courier and category.name == "platform_complaint":
            said_of = [c for c in said_of if said_to_the_shop(c, rules)]
        keywords = category.strong + (category.weak if has_complaint else ())
        if any(_keyword_counts(said_of, keyword, category, rules, rhetorical) for keyword in keywords):
            hits.append(category)
    return hits


def said_to_the_shop(clause: str, rules: RiskRules) -> bool:
    """ "你们是不是骗子", "你家就是黑店": the shop is told what it is (data/risk.yml said_to_the_shop)."""
    return any(pattern.search(clause) for pattern in rules.said_to_the_shop)


# "…就打12315 我倒不至于哈": the shopper's own afterthought, nothing more in the clause, takes back
# the clause before it ("不至于这么难吧", "倒不至于去医院" say more, and take nothing back)
AFTERTHOUGHT = re.compile(r"^(?:不过|但是?|可是)?我(?:倒|也|还)?(?P<rest>.+?)[哈啊吧啦呢嘛哦]*$")


def _with_afterthoughts(clauses: List[str], rules: RiskRules) -> List[str]:
    """A clause that is only "我倒不至于" is joined to the one before, where a negation said after
    the keyword is looked for."""
    joined: List[str] = []
    for clause in clauses:
        match = AFTERTHOUGHT.match(clause)
        rest = match.group("rest") if match else ""
        said = rest.strip("是的")  # "我是不会给的"
        if joined and said and any(said == neg.strip("是的") or "倒" + said == neg for neg in rules.negations_after):
            joined[-1] += clause
        elif joined and continues_a_hedged_question(joined[-1], clause, rules):
            joined[-1] += clause
        else:
            joined.append(clause)
    return joined


PLAINT_AFTER_THREAT = re.compile(r"\s*(?:我)?(?:就|都|真的)?(?:快|要)?(?:急)?哭")
# "忘了关会不会烧干 着火啊": a bare word or two after a hedged question goes on asking it
CONTINUED_QUESTION_MAX_CHARS = 3
QUESTION_PARTICLES = "啊吗呢呀吧嘛么"
QUESTION_HEDGES = ("会不会", "是否会", "会怎样", "会怎么样")


def continues_a_hedged_question(before: str, clause: str, rules: RiskRules) -> bool:
    """ "着火啊" after "会不会烧干": asked, not told ("…刚才冒烟了" tells); only after a question's
    own hedge and with a question's particle ("有没有搞错 冒烟啊", "我怕 着火" ask nothing)."""
    bare = clause.rstrip(QUESTION_PARTICLES)
    return (
        0 < len(bare) <= CONTINUED_QUESTION_MAX_CHARS
        and bare != clause
        and "了" not in clause
        and any(hedge in before for hedge in QUESTION_HEDGES)
    )


@cache
def _keyword_pattern(keyword: str) -> re.Pattern:
    """ASCII keywords ("315", "sb") must not sit inside a longer number or word."""
    if keyword.isascii() and keyword.isalnum():
        return re.compile(rf"(?<![0-9a-z]){re.escape(keyword)}(?![0-9a-z])")
    return re.compile(re.escape(keyword))


def _keyword_counts(clauses: List[str], keyword: str, category: Category, rules: RiskRules, rhetorical: bool) -> bool:
    for clause in clauses:
        for match in re.finditer(_keyword_pattern(keyword), clause):
            if _counts_as_hit(clause, match.start(), match.end(), category, rules, question_like=not rhetorical):
                return True
    return False


PUNCTUATION_ONLY = re.compile(r"[!！?？]+")


def assess_message(
    text: str, intent: Optional[str] = None, confidence: float = 0.0, rules: Optional[RiskRules] = None
) -> RiskAssessment:
    rules = rules or default_rules()
    folded = normalise(text or "", rules)
    intense = any(marker in folded for marker in rules.intensity_markers)
    # "到底是不是正品" accuses rather than asks, though "到底发没发" alone is no strong anger
    rhetorical = intense or any(marker in folded for marker in rules.rhetorical_markers)
    # Praise words are masked in `folded` (好评 must not read as 差评): look for them in the text.
    pleased = said_gladly(folded, rules) or praises(text, rules)
    joking = pleased and not rhetorical
    urgent = any(marker in folded for marker in rules.urgent_markers)  # a hurried question is an incident
    hits = _category_hits(folded, rules, rhetorical or urgent, fold(text or "", rules))
    if joking:  # praise takes back a threat, never a hazard ("东西挺好 充电宝冒烟了"); a laugh after the
        # hazard's word ("跑完半马脚底板都要冒烟了哈哈") or its word denied ("一点怪味都没有 好评") takes it
        # back, unless help is urgent
        hazards = [category for category in hits if category.name == "safety_hazard"]
        taken_back = not urgent and all(hazard_taken_back(folded, c, rules) for c in hazards)
        hits = [] if taken_back else hazards
    if hits:
        top = max(hits, key=lambda c: level_rank(c.level))
        return RiskAssessment(top.level, tuple(dict.fromkeys(c.label for c in hits)), tuple(c.name for c in hits))
    complaining = intent == "complain" and confidence >= 0.5 and not joking
    threats = [found for found in (p.search(folded) for p in rules.threat_patterns) if found]
    threat = threats[0] if threats else None
    # "再不到我就给差评了啊 哈哈吓唬你的": laughed off after it ("孩子很喜欢 再不发货我就去投诉了" is not)
    laughed_off = threat is not None and any(word in folded[threat.end() :] for word in rules.joke_takebacks)
    # "再不到我要哭了😭": the threat's own end is a plaint, no threat ("…看着办吧 我都气哭了" is one)
    laughed_off = laughed_off or (threat is not None and bool(PLAINT_AFTER_THREAT.match(folded[threat.end() :])))
    own_remedies_only = all(only_an_own_remedy(folded[found.end() :], rules) for found in threats)
    if threat is not None and not laughed_off and not own_remedies_only:
        return RiskAssessment("high", ("威胁语气",), ("threat",))
    # "都三天了还不发货???": marks alone about a wait are impatience the bot can answer (its parcel),
    # not strong anger ("你们到底怎么回事!!!" is; so are 太过分, 受够了 or a grumble beside them)
    loud_only = not any(m in folded for m in rules.intensity_markers if not PUNCTUATION_ONLY.fullmatch(m))
    grumbles = any(marker in folded for marker in rules.low_markers)
    impatient = loud_only and not grumbles and any(topic in folded for topic in rules.waiting_topics)
    if complaining and intense and not impatient:
        return RiskAssessment("high", ("强烈不满",), ("anger",))
    # "会起球吗" asks about the product; "又起球了" is dissatisfaction.
    asking = folded.rstrip("?？~～ ").endswith(rules.question_endings) or any(h in folded for h in rules.hedges)
    if complaining or (not asking and any(marker in folded for marker in rules.low_markers)):
        return RiskAssessment("low", ("不满",), ("dissatisfaction",))
    return RiskAssessment("none")


def mild_skin_reaction(text: str, rules: Optional[RiskRules] = None) -> bool:
    """ "敷了你家面膜 脸有点红有点痒 正常吗", "擦上去有点刺刺的 脸微微发红": a mild discomfort after
    using a product, and nothing that needs a person at once (assess_message finds no risk)."""
    rules = rules or default_rules()
    simplified = to_simplified(text or "")
    symptoms = [word for word in rules.mild_reaction_symptoms if word in simplified]
    # ("敷了一周 也没有发红": none; "这个面膜敷完会发红吗" asks before buying: the product's answer)
    denied = any(re.search(rf"(?:没有?|不|未)\S{{0,2}}{re.escape(word)}", simplified) for word in symptoms)
    told = bool(symptoms) and not denied and mentions(simplified, rules.mild_reaction_uses)
    told = told and mentions(simplified, rules.mild_reaction_skin)  # the skin, not a bag's 起皮 or a heel
    worried = mentions(simplified, rules.hedges + rules.hypothetical_markers + rules.mild_reaction_asked)
    return told and not worried and assess_message(simplified, rules=rules).level == "none"


def only_an_own_remedy(after: str, rules: RiskRules) -> bool:
    """ "再不到就真不要了", "再不发货我就申请退款": what follows the threat's 就 is the shopper's own
    remedy (data/risk.yml own_remedies), a decision the bot can answer, not a threat to the shop."""
    for remedy in rules.own_remedies:
        at = after.find(remedy)
        # nothing more said after it ("…就不要了 还要让你们好看" threatens still)
        if at >= 0 and not REMEDY_TAIL.sub("", after[at + len(remedy) :]):
            return True
    return False


REMEDY_TAIL = re.compile(r"[了吧啊呀呢哦啦嘛\s!！?？。.,，~～😤😡😭🙄]+")


# Asked for a person: not a risk by itself (the ticket waits at normal priority), but it reaches one.
PERSON_REQUEST = Category("person_request", "顾客要求人工", "none", (), ())
# "你是真人吗", "你们是不是人工客服": whether the bot is a person; "晚上十点以后还有人工客服吗":
# when people answer. Neither asks for one now.
ASKS_ABOUT_PEOPLE = re.compile(r"(?:你|您)们?(?:是|是不是|到底是)|几点|什么时候|时间|以后|之后|上班|下班")
SPACES_AND_PUNCTUATION = re.compile(r"[\s!！?？,，。.~～、]+")


def asks_for_a_person(text: str, rules: Optional[RiskRules] = None) -> bool:
    """ "转人工", "有没有喘气的来一个", "zhuan ren gong": a person asked for, and not declined
    ("不用转人工", negated as the risk words are)."""
    rules = rules or default_rules()
    folded = normalise(text or "", rules)
    if ASKS_ABOUT_PEOPLE.search(folded):
        return False
    clauses = CLAUSE_BREAK.split(folded) + [SPACES_AND_PUNCTUATION.sub("", folded)]  # "zhuan ren gong", "人工!人工!"
    return any(_keyword_counts(clauses, word, PERSON_REQUEST, rules, False) for word in rules.person_requests)


def reaches_a_person(text: str, rules: Optional[RiskRules] = None) -> bool:
    """Whatever the NLU reads, the message goes to a person: a risk to escalate, or a request
    for a person (routed to request_human by kefu_rasa/risk_routing.py)."""
    return assess_message(text, rules=rules).escalate or asks_for_a_person(text, rules)


# "不喜欢", "没那么好吃": a glad word negated right before it is no joke that hides a risk word.
NEGATED_RIGHT_BEFORE = ("不", "没", "不太", "不怎么", "没那么", "不是很", "没有")


def said_gladly(folded: str, rules: RiskRules) -> bool:
    """A laugh or a glad word ("哈哈", "喜欢") not negated ("不是不喜欢 孩子脚扎出血了") nor
    turned after it ("本来挺开心的 结果充电宝鼓包了", "开心个屁")."""
    for marker in rules.positive_markers:
        for match in re.finditer(re.escape(marker), folded):
            negated = folded[max(0, match.start() - 3) : match.start()].endswith(NEGATED_RIGHT_BEFORE)
            turned = any(word in folded[match.end() :] for word in rules.glad_turned_markers)
            if not negated and not turned:
                return True
    return False


DENIED_AFTER = ("都没", "没有", "都不")  # "一点怪味都没有": the word denied right after it
DENIED_WINDOW = 4


def hazard_taken_back(folded: str, category: Category, rules: RiskRules) -> bool:
    """Every one of the hazard's words present is followed by a laugh ("中毒了 天天想买你们家的辣条😂",
    "双十一直接炸了 …开心😆") or denied right after ("一点怪味都没有"); a laugh only before it
    ("很好用哈哈 敷完脸肿了") takes nothing back."""
    found = False
    for keyword in category.strong:
        start = folded.find(keyword)
        while start >= 0:
            found = True
            end = start + len(keyword)
            laughed = any(word in folded[end:] for word in rules.joke_takebacks)
            denied = any(word in folded[end : end + DENIED_WINDOW] for word in DENIED_AFTER)
            if not (laughed or denied):
                return False
            start = folded.find(keyword, start + 1)
    return found


def praises(text: str, rules: RiskRules) -> bool:
    """A praise word said as praise: not negated ("不给个满意答复") nor doubted ("好评都是刷的",
    "给了好评才发现是假货"), which would hide the risk beside it."""
    lowered = (text or "").lower()
    for marker in rules.praise_markers:
        for match in re.finditer(re.escape(marker), lowered):
            before = CLAUSE_BREAK.split(lowered[max(0, match.start() - NEGATION_WINDOW) : match.start()])[-1]
            after = lowered[match.end() : match.end() + AFTER_WINDOW]
            negated = any(neg in before for neg in rules.negations)
            # "买的时候看评价还挺好的 结果就这 …我就给差评": the praise turned after it
            turned = any(word in lowered[match.end() :] for word in rules.glad_turned_markers)
            if not negated and not turned and not any(doubt in after for doubt in rules.praise_doubts):
                return True
    return False


def is_praise(text: str, rules: Optional[RiskRules] = None) -> bool:
    """Praise or a friendly word ("朋友推荐我来的") with no risk in it: thanked, never
    apologised for. Friendly words only decide this; they never hide a risk keyword."""
    rules = rules or default_rules()
    friendly = praises(text, rules) or any(marker in (text or "").lower() for marker in rules.friendly_markers)
    return friendly and assess_message(text, rules=rules).level == "none"


def assess_conversation(
    turns: Sequence[Turn], order_amount: Optional[float] = None, rules: Optional[RiskRules] = None
) -> RiskAssessment:
    """The latest message, raised by context: complaints in a row, a high order amount."""
    rules = rules or default_rules()
    if not turns:
        return RiskAssessment("none")
    latest = turns[-1]
    result = assess_message(latest.text, latest.intent, latest.confidence, rules)
    if result.level != "low":
        return result
    streak = 0
    for turn in reversed(turns):
        if turn.intent != "complain" and assess_message(turn.text, rules=rules).level == "none":
            break
        streak += 1
    calming = any(marker in normalise(latest.text, rules) for marker in rules.calming_markers)
    if streak >= rules.complaints_in_a_row_for_high and not calming:  # "差评倒不至于 就是有点着急" calms it
        return RiskAssessment("high", result.reasons + ("多次投诉未解决",), result.categories + ("repeated",))
    if order_amount is not None and order_amount >= rules.high_order_amount:
        return RiskAssessment("high", result.reasons + ("高金额订单",), result.categories + ("high_amount",))
    return result


def assess_recent(
    turns: Sequence[Turn], order_amount: Optional[float] = None, window: int = 5, rules: Optional[RiskRules] = None
) -> RiskAssessment:
    """The highest risk among the last `window` turns: a request for a person after a threat
    keeps the threat's priority."""
    results = [
        assess_conversation(turns[:end], order_amount, rules)
        for end in range(max(1, len(turns) - window + 1), len(turns) + 1)
    ]
    return max(results, key=lambda r: level_rank(r.level), default=RiskAssessment("none"))


# "风衣收到了 好看到爆炸 我妈说绝了", "收到啦 面膜挺好用的😊": what came is praised, nothing is wrong
# (kept out of the praise words of data/risk.yml, which take back a threat said beside them)
PRAISED = re.compile(r"好看|好用|喜欢|绝了|不错|满意|挺好|很好|太棒|爱了|赞")
# "不怎么好用", "没有图片上好看", "好看个屁": undone, negated or scorned; "哪个好看": asked
PRAISE_UNDONE = re.compile(r"[不没][^\s,，。!！]{0,4}?(?:好看|好用|喜欢|满意|不错)|就是|然而|[吗嘛么?？]|哪个|怎么样")
# what came, or used ("收到了", "穿着", "质量"): not a liking told for a gift ("她喜欢化妆")
RECEIVED = re.compile(r"收到|到了|到啦|到手|签收|穿着|穿上|用了|用着|吃了|质量|做工|回购|点赞|好评")


def thanks_is_the_answer(text: str) -> bool:
    """Praise (of the shop or of what came) with nothing asked beside it, an order number aside
    ("风衣收到啦!!质量超好 给你们点赞👍 2518…"): thanked, whatever topic the NLU read into it."""
    unnumbered = order_id_pattern().sub(" ", normalise_order_numbers(text or ""))
    return (is_praise(text) or praises_what_came(text)) and not ASKS.search(unnumbered)


def praises_what_came(text: str, rules: Optional[RiskRules] = None) -> bool:
    """ "风衣收到了 好看到爆炸 我妈说绝了": what came is praised, with no risk, no question and
    nothing turned after it (the turning words of data/risk.yml: 但, 结果, 个屁…)."""
    rules = rules or default_rules()
    simplified = order_id_pattern().sub(" ", normalise_order_numbers(to_simplified(text or "")))
    if not (PRAISED.search(simplified) and RECEIVED.search(simplified)) or PRAISE_UNDONE.search(simplified):
        return False
    turned = any(word in simplified for word in rules.glad_turned_markers)
    return not turned and assess_message(simplified, rules=rules).level == "none"
