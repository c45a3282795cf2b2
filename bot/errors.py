"""Errors of the gateway's service layer; only bot/app.py turns them into HTTP statuses."""


class GatewayError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(GatewayError):
    """The request is malformed or a value is out of bounds."""


class Forbidden(GatewayError):
    """A signature or token does not hold."""


class NotFound(GatewayError):
    """No such conversation or ticket."""


class Conflict(GatewayError):
    """The ticket is someone else's, or not in a state that allows the action."""


class BotUnavailable(GatewayError):
    """Rasa could not take the conversation over; the caller may try again."""


class TooLarge(GatewayError):
    """An upload is over its size limit."""


class UnsupportedMedia(GatewayError):
    """An upload is not one of the accepted kinds (checked from its bytes)."""


class TooManyRequests(GatewayError):
    """A rate limit is reached; the message is in Chinese, for the page to show as it is."""

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message)
        self.retry_after = retry_after
