"""The install works on this Python: Rasa imports, trains a small Chinese NLU model and parses with it."""

import sys
import textwrap

import pytest
import rasa

pytestmark = pytest.mark.slow  # needs the trained model, the servers or the built spaCy pipeline


def test_rasa_trains_and_parses_on_this_python(tmp_path):
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    assert rasa.__version__ == "3.6.21" and sys.version_info[:2] == (3, 11)
    (tmp_path / "config.yml").write_text(
        textwrap.dedent("""
        language: zh
        pipeline:
          - name: SpacyNLP
            model: build/spacy_zh
          - name: SpacyTokenizer
          - name: CountVectorsFeaturizer
            analyzer: char
            min_ngram: 1
            max_ngram: 2
          - name: DIETClassifier
            epochs: 30
            random_seed: 1
        """),
        encoding="utf-8",
    )
    (tmp_path / "nlu.yml").write_text(
        textwrap.dedent("""
        version: "3.1"
        nlu:
        - intent: ask_invoice
          examples: |
            - 能开发票吗
            - 发票怎么开
            - 我要开发票
            - 可以开专票吗
        - intent: track_parcel
          examples: |
            - 快递到哪了
            - 查下物流
            - 我的包裹呢
            - 物流怎么不动了
        """),
        encoding="utf-8",
    )
    model = train_nlu(str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"), str(tmp_path / "models"))
    assert model
    agent = Agent.load(model)
    import asyncio

    result = asyncio.run(agent.parse_message("亲 发票能开吗"))
    assert result["intent"]["name"] == "ask_invoice"
