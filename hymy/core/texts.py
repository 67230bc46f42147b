"""Texts kept in several languages at once, as {"fi": …, "sv": …, "en": …} (survey questions, titles)."""


def text_in(texts: dict | None, language: str, fallback: str = "fi") -> str:
    """The text in `language`, else in the fallback language, else in any language it has."""
    texts = texts or {}
    return texts.get(language) or texts.get(fallback) or next((value for value in texts.values() if value), "")
