"""Needs a shopper describes are read from data/shop/needs.yml and met by catalogue tags."""

from kefu.settings import DATA_DIR
from kefu.shop.models import Product
from kefu.shop.needs import Needs

NEEDS = Needs.load(DATA_DIR / "shop" / "needs.yml")


def product(*tags):
    return Product(sku="X-1", name="x", category="零食", price=10, reason="", tags=tuple(tags))


def test_a_need_is_read_from_how_shoppers_put_it_also_in_traditional_characters():
    assert NEEDS.named_in(["他血糖有点高 吃的有没有合适的"]) == ("控糖",)
    assert NEEDS.named_in(["我皮膚乾 臉乾"]) == ("干皮",)  # 膚/乾 folded
    assert NEEDS.named_in(["给我爸买点吃的", "两百以内"]) == ()


def test_a_product_meets_a_need_only_with_one_of_its_tags():
    assert NEEDS.meets(product("无蔗糖", "全麦"), ["控糖"])
    assert not NEEDS.meets(product("混合口味"), ["控糖"])
    assert NEEDS.meets(product("混合口味"), [])  # no need told: anything fits


def test_every_tag_a_need_names_is_carried_by_some_product_of_the_catalogue(shop):
    tags = {tag for p in shop.list_products() for tag in p.tags}
    assert {name: [t for t in need.tags if t not in tags] for name, need in NEEDS.needs.items()} == {
        name: [] for name in NEEDS.needs
    }


def test_a_need_limited_to_some_categories_is_not_met_by_others_with_the_tag():
    """透气 describes T-shirts for a shopper who sweats, and nappies, which are no answer to that."""
    tshirt = Product(sku="T-1", name="t", category="T恤", price=59, reason="", tags=("透气",))
    nappies = Product(sku="N-1", name="n", category="纸尿裤", price=99, reason="", tags=("透气",))
    assert NEEDS.meets(tshirt, ["出汗"]) and not NEEDS.meets(nappies, ["出汗"])
    assert NEEDS.labels(["出汗", "控糖"]) == "爱出汗、控糖"


def test_only_a_liking_marked_so_is_dropped_for_a_price():
    assert NEEDS.all_dropped_for_price(["正式场合"])
    assert not NEEDS.all_dropped_for_price(["控糖"]) and not NEEDS.all_dropped_for_price(["正式场合", "抗老"])
    assert not NEEDS.all_dropped_for_price([])


def test_what_the_person_does_not_do_is_no_need_of_theirs():
    """ "他不跑步 有没有穿的" right after running shoes were shown got running shoes again."""
    assert NEEDS.named_in(["他不跑步 有没有穿的"]) == ()
    assert NEEDS.named_in(["他不怎么跑步"]) == ()
    assert NEEDS.named_in(["他平时爱跑步"]) == ("跑步",)


def test_only_an_activity_not_done_leaves_its_products_out():
    """ "他不跑步 有没有穿的" after running shoes: no running shoes next; "她不怕冷" leaves no coat out."""
    assert NEEDS.turned_down_in(["预算千把块 想给男朋友买个礼物", "他不跑步 有没有穿的"]) == ("跑步",)
    assert NEEDS.turned_down_in(["他以前不跑步", "最近开始跑步了"]) == ()
    assert NEEDS.turned_down_in(["她不怕冷"]) == ()
