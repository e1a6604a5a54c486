"""Helpers at the module paths openai-python programs import them from (``openai.lib``)."""
