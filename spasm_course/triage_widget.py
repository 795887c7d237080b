"""The triage simulator of chapter 5, as ipywidgets for JupyterLab.

The decision comes from :mod:`spasm_course.triage` (``missing_fields`` and
``assess``); this module only lays out the form and shows the result.  Output
goes to widget traits (the card's ``value``), never to printed output, so tests
can drive the form with no front end: set the controls' ``value``, call
``check_button.click()``, then read ``card.value``, ``message`` and ``result``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .triage import ALLOWED, TriageResult, assess, content, missing_fields, please_answer
from .triage_card import CARD_SECTIONS, card_text

_STYLE = {"description_width": "initial"}  # labels are never cut short


def _full_width() -> widgets.Layout:
    return widgets.Layout(width="100%")


def card_html(result: TriageResult) -> str:
    """The result card: a text label (never colour alone), what to do, why, the
    source, then the emergency sentence and the disclaimer (as ``card_text``).

    Every piece of text is escaped.
    """
    text = content()
    words = text.messages
    level = text.levels[result.level]

    def items(lines) -> str:
        return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"

    def section(heading: str, name: str) -> str:
        title = f"<p><strong>{html.escape(getattr(words, heading))}:</strong></p>"
        if name == "source":
            quotes = "".join(f"<p>“{html.escape(quote)}”</p>" for quote in result.source)
            return f"{title}<blockquote>{quotes}</blockquote>"
        return title + items(getattr(result, name))

    return (
        f'<div class="sc-triage-card sc-triage-{html.escape(result.level)}" role="status" '
        f'style="border-left: 0.5em solid {html.escape(level.colour)}; '
        f'background: {html.escape(level.background)}; color: #1a202c; padding: 0.5em 1em;">'
        f"<p><strong>{html.escape(words.result)}: {html.escape(result.label)}</strong></p>"
        + "".join(section(heading, name) for heading, name in CARD_SECTIONS)
        + f"<p><strong>{html.escape(words.emergency)}</strong></p>"
        f"<p><em>{html.escape(words.disclaimer)}</em></p>"
        "</div>"
    )


def _note_html(message: str) -> str:
    # A note follows JupyterLab's theme (light or dark): text and background
    # both come from its variables, with a light pair where they are not set.
    return (
        '<div class="sc-triage-card sc-triage-note" role="status" '
        'style="border-left: 0.5em solid var(--jp-border-color1, #4a5568); '
        'color: var(--jp-content-font-color1, #1a202c); background: var(--jp-layout-color2, #f7fafc); '
        'padding: 0.5em 1em;">'
        f"<p><strong>{html.escape(message)}</strong></p></div>"
    )


class TriageSimulator(widgets.VBox):
    """The form (spasm or twitch, severity, frequency, home treatment, causes),
    a Check button, and a card that shows the result."""

    def __init__(self):
        text = content()
        fields = text.fields

        def radio(name: str) -> widgets.RadioButtons:
            field = fields[name]
            return widgets.RadioButtons(
                options=[(field.values[value], value) for value in ALLOWED[name]],
                value=None,  # nothing chosen at the start
                description=field.label,
                style=_STYLE,
                layout=widgets.Layout(width="auto"),
            )

        self.kind = radio("kind")
        self.severity = radio("severity")
        self.frequency = radio("frequency")
        self.home_care = radio("home_care")

        def checkbox(label: str) -> widgets.Checkbox:
            return widgets.Checkbox(value=False, description=label, indent=False,
                                    style=_STYLE, layout=_full_width())

        causes = fields["causes"]
        self.cause_boxes = {cause: checkbox(causes.values[cause]) for cause in ALLOWED["causes"]}
        self.no_cause = checkbox(causes.none_label)
        self.causes_label = widgets.HTML(f"<p>{html.escape(causes.label)}</p>", layout=_full_width())

        self.check_button = widgets.Button(description=text.messages.check, button_style="primary",
                                           tooltip=f"{text.messages.check}: {text.messages.title}")
        self.check_button.on_click(lambda _: self.check())
        self.card = widgets.HTML("", layout=_full_width())
        self.result: TriageResult | None = None
        self.message = ""

        # "None of these" and the causes exclude each other.
        self.no_cause.observe(self._on_no_cause, names="value")
        for box in self.cause_boxes.values():
            box.observe(self._on_cause, names="value")
        # A twitch needs no other answer: grey out the spasm questions.
        self.kind.observe(self._on_kind, names="value")
        # Any change makes a shown result out of date.
        for control in self._controls():
            control.observe(self._on_change, names="value")

        header = widgets.HTML(
            f"<h3>{html.escape(text.messages.title)}</h3>"
            f"<p>{html.escape(text.messages.intro)}</p>"
            f"<p><em>{html.escape(text.messages.disclaimer)}</em></p>",
            layout=_full_width(),
        )
        self.causes_group = widgets.VBox([self.causes_label, *self.cause_boxes.values(), self.no_cause],
                                         layout=_full_width())
        super().__init__(
            [header, self.kind, self.severity, self.frequency, self.home_care, self.causes_group,
             self.check_button, self.card],
            layout=_full_width(),
        )

    # -- answers ------------------------------------------------------------
    def _controls(self) -> list[widgets.ValueWidget]:
        return [self.kind, self.severity, self.frequency, self.home_care,
                *self.cause_boxes.values(), self.no_cause]

    def answers(self) -> dict:
        """The form's answers as keyword arguments for ``assess``.

        Causes are missing (None) until a cause or "None of these" is ticked.
        """
        chosen = [cause for cause, box in self.cause_boxes.items() if box.value]
        causes = chosen if chosen or self.no_cause.value else None
        return dict(kind=self.kind.value, severity=self.severity.value, frequency=self.frequency.value,
                    home_care=self.home_care.value, causes=causes)

    def _on_no_cause(self, change) -> None:
        if change["new"]:
            for box in self.cause_boxes.values():
                box.value = False

    def _on_cause(self, change) -> None:
        if change["new"]:
            self.no_cause.value = False

    def _on_kind(self, change) -> None:
        twitch = change["new"] == "twitch"
        for control in [self.severity, self.frequency, self.home_care, *self.cause_boxes.values(), self.no_cause]:
            control.disabled = twitch

    def _on_change(self, _change) -> None:
        # Only a shown result goes out of date; a "Please answer" list stays.
        if self.result is not None:
            self._show(None, content().messages.changed, _note_html(content().messages.changed))

    def _show(self, result: TriageResult | None, message: str, card: str) -> None:
        self.result = result
        self.message = message
        self.card.value = card

    # -- the button ---------------------------------------------------------
    def check(self) -> TriageResult | None:
        """Show the result for the current answers, or what is still missing."""
        answers = self.answers()
        missing = missing_fields(**answers)
        if missing:
            message = please_answer(missing)
            self._show(None, message, _note_html(message))
            return None
        result = assess(**answers)
        self._show(result, card_text(result), card_html(result))
        return result

    def _repr_mimebundle_(self, **kwargs):
        from .preview import with_preview
        from .render import triage_html  # the website's kernel-free version

        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = content().messages.plain_repr
        bundle["text/html"] = with_preview(triage_html())
        return bundle


def show_triage() -> TriageSimulator:
    """The triage simulator, ready to display in a notebook."""
    return TriageSimulator()
