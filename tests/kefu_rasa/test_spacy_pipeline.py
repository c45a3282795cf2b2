"""The generated spaCy pipeline: Jieba knows every lexicon word, the ruler finds them without training."""

import pytest
import spacy

from kefu.lexicon import LexiconError, load_lexicon_file, load_lexicons
from kefu.settings import PROJECT_DIR

pytestmark = pytest.mark.slow  # needs the trained model, the servers or the built spaCy pipeline

PIPELINE = PROJECT_DIR / "build" / "spacy_zh"


@pytest.fixture(scope="module")
def nlp():
    if not PIPELINE.exists():
        pytest.fail("build/spacy_zh is missing: run `make test`, which builds it")
    return spacy.load(PIPELINE)


def test_jieba_keeps_courier_names_whole(nlp):
    # Plain Jieba splits this into 用顺 / 丰发: the entity ruler would then never see 顺丰.
    assert "顺丰" in [token.text for token in nlp("用顺丰发可以吗")]


def test_every_lexicon_word_is_one_token(nlp):
    # Between punctuation, so that a neighbour cannot form a real word with it ("大衣呢").
    split = [w.surface for w in load_lexicons() if w.surface not in [t.text for t in nlp(f"亲,{w.surface},有吗")]]
    assert split == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("给我妈买条连衣裙 预算300", {("我妈", "recipient", "妈妈"), ("连衣裙", "product_category", "连衣裙")}),
        ("能发新疆吗亲", {("新疆", "region", "新疆")}),
        ("有没有电吹风啊😊", {("电吹风", "product_category", "吹风机")}),
        ("可以用京东物流发嘛", {("京东物流", "courier", "京东快递")}),
        ("送女票的小白鞋有推荐吗", {("女票", "recipient", "女朋友"), ("小白鞋", "product_category", "运动鞋")}),
    ],
)
def test_entity_ruler_finds_lexicon_words_with_their_canonical_value(nlp, text, expected):
    assert {(e.text, e.label_, e.ent_id_) for e in nlp(text).ents} == expected


def test_a_broken_lexicon_names_the_file(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("label: courier\nentries: [顺丰\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="broken.yml"):
        load_lexicon_file(broken)


def test_a_lexicon_change_invalidates_the_training_cache_of_the_nlu_pipeline(tmp_path):
    """Rasa's cache would otherwise reuse tokens computed with the old words after a lexicon edit."""
    import shutil

    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.shared.utils.io import read_yaml_file

    from kefu_rasa.spacy_pipeline import SpacyNLP

    config = read_yaml_file(str(PROJECT_DIR / "config.yml"))
    # By module path: importing this module re-registers the short name too, so check the text.
    assert "kefu_rasa.spacy_pipeline.SpacyNLP" in [component["name"] for component in config["pipeline"]]
    graph = DefaultV1Recipe().graph_config_for_recipe(config, {}).train_schema.nodes
    assert [node.uses for name, node in graph.items() if name.startswith("provide_")] == [SpacyNLP]

    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(PIPELINE, before)
    shutil.copytree(PIPELINE, after)
    with (after / "entity_ruler" / "patterns.jsonl").open("a", encoding="utf-8") as patterns:
        patterns.write('{"label":"courier","pattern":"新快递","id":"新快递"}\n')

    def addon(path):
        return SpacyNLP.fingerprint_addon({"model": str(path)})

    assert addon(before) == addon(PIPELINE)
    # The provider's own cache key, and the model fingerprint SpacyTokenizer's key is built from.
    assert addon(after) != addon(before)
    assert SpacyNLP.load_model(str(after)).fingerprint() != SpacyNLP.load_model(str(before)).fingerprint()
