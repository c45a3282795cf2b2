"""Which catalogue attributes a shopper's message asks about (data/shop/attributes.yml)."""

import pytest
import yaml

from kefu.settings import DATA_DIR
from kefu.shop.attribute_words import AttributeWords
from kefu.shop.models import Product

WORDS = AttributeWords.load(DATA_DIR / "shop" / "attributes.yml")
CATALOGUE = yaml.safe_load((DATA_DIR / "shop" / "products.yml").read_text(encoding="utf-8"))["products"]


@pytest.mark.parametrize(
    "text,asked",
    [
        ("这个面料是啥", ["材质"]),
        ("能放多久啊", ["保质期"]),
        ("偏大还是偏小 160穿什么码", ["尺码"]),
        ("一箱几包", ["规格"]),
        ("面料是啥 能机洗吗", ["材质", "洗涤"]),
        ("會縮水嗎", ["洗涤"]),
        ("哪里产的", ["产地"]),
        ("面膜什么成分 孕妇能用吗", ["成分", "孕期能否使用"]),
        ("充绒量多少 冬天穿冷不冷", ["充绒量", "适用季节"]),
        ("裙子多长 宽松吗", ["衣长", "版型"]),
        ("保质期多长", ["保质期"]),  # 多长 asks how long it keeps, not 衣长
        ("尺寸多大 裙子多长", ["尺寸", "衣长"]),
        ("会不会烧干起火啊", ["安全功能"]),  # a kettle's dry-boil protection, asked before buying
        ("炸篮不粘吗 好洗不", ["材质", "洗涤"]),  # the coating is in its 材质, the cleaning read instead
        ("这个面霜粘不粘", ["质地"]),
        ("能托运吗", ["登机"]),
        ("家里老人记性不好 忘了关会不会烧起来", ["安全功能"]),
        ("另外我妈穿2XL行不行 她130斤", ["尺码"]),  # by a pattern: no fixed word says it
        ("一斤装的多少钱", []),
        ("我妈穿37的 有没有", ["尺码"]),
        ("我手机是华为的能用吗", ["接口"]),  # the power bank's ports  # the kettle's 防干烧, asked without the word
        ("有藏青色吗", ["颜色"]),
        ("女款有37吗", ["尺码"]),  # a size, not a budget of 37
        ("开封了没吃完咋保存", ["储存"]),
        ("3岁宝宝能吃吗", ["适用人群"]),
        ("3岁的孙子能吃吗", ["适用人群"]),  # a grandchild named, not 宝宝
        ("多少倍的", ["防晒指数"]),  # a sunscreen's SPF, asked in numbers
        ("宝宝3岁能吃这个坚果吗", ["适用人群"]),
        ("37码的有吗", ["尺码"]),
        ("75B的有吗", ["尺码"]),  # a bra size alone
        ("XL的有没有", ["尺码"]),
        ("有XL吗", ["尺码"]),
        ("坚果有100g的吗", []),  # a weight, not a bra size
        ("1.5L的有吗", []),  # a volume, not a size L
        ("对了 这吹风机有冷风档吗", ["功能"]),
        ("纸尿裤L码多大宝宝穿", ["尺码"]),  # the nappies' 尺码 says the baby's weight, not 尺寸
        ("拉拉裤多重的宝宝穿", ["尺码"]),
        ("500g是一整袋还是小包的", ["规格"]),
        ("这锅的炸篮能用钢丝球刷吗", ["洗涤"]),  # the hair dryer's 功能 lists its 冷风档
        ("在吗", []),
    ],
)
def test_the_attributes_asked_are_found_in_order(text, asked):
    assert WORDS.asked(text) == asked


def test_a_longer_word_wins_over_the_shorter_one_inside_it():
    assert WORDS.asked("穿多大码") == ["尺码"]  # not the 规格 of "多大"


def test_an_attribute_is_read_from_another_only_when_listed():
    bank = Product("PB", "充电宝", "充电宝", 99, "", attributes=(("容量", "20000mAh,一般可随身携带登机"),))
    assert WORDS.value(bank, "登机") == ("容量", "20000mAh,一般可随身携带登机")
    assert WORDS.value(bank, "产地") is None


def test_every_catalogue_attribute_can_be_asked_about():
    """A merchant who adds an attribute nobody can ask about has added nothing: each name in
    products.yml has words of its own or is read instead of one that has."""
    reachable = set(WORDS.words) | {name for names in WORDS.read_instead.values() for name in names}
    unreachable = {name for p in CATALOGUE for name in (p.get("attributes") or {}) if name not in reachable}
    assert not unreachable


def test_each_product_in_the_catalogue_has_attributes_to_answer_from():
    assert [p["sku"] for p in CATALOGUE if not p.get("attributes")] == []


def test_pregnancy_is_its_own_question_not_the_skin_type():
    assert WORDS.asked("孕妇能用吗") == ["孕期能否使用"]
