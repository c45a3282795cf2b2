"""The hand-off store: conversations, transcripts, tickets and agent sessions in Redis."""

from kefu.handoff.store import AGENT_CHANNEL, KefuStore, conv_channel

__all__ = ["AGENT_CHANNEL", "KefuStore", "conv_channel"]
