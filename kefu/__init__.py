"""The core every kefu process shares: shop, risk, hand-off store, settings, text helpers.

Imports no Rasa, rasa_sdk or Sanic: the action server (actions/), the Rasa
plugins (kefu_rasa/) and the gateway (bot/) build on it and never on each other.
"""
