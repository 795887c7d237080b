"""The triage simulator of chapter 5, as ipywidgets for JupyterLab.

The decision comes from :mod:`spasm_course.engines.triage` (``missing_fields``,
``route`` and ``assess``); this module only lays out the form and shows the
result, in the one card layout of :func:`spasm_course.frontends.triage_card.card_parts`.
Output goes to widget traits (the card's ``value``), never to printed output,
so tests can drive the form with no front end: set the controls' ``value``,
call ``check_button.click()``, then read ``card.value``, ``message`` and
``result``.

The form follows the engine's rules as a user meets them:

* "Where is it?" comes first.  "Somewhere else, or not sure" needs no other
  answer and a twitch needs only where and kind: the questions a route does
  not need are greyed out, and a route's ``note`` (for "somewhere else",
  triage.yml ``messages.not_needed``) is shown under "Where is it?"
  (:data:`spasm_course.content.triage_words.ROUTES`).
* A cause that counts only in some places (:data:`CAUSE_PLACES`, the long-term
  neck or back pain box) is offered only there: elsewhere its box is hidden and
  unticked, so the engine never gets a cause it refuses.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from spasm_course.engines.triage import (ALLOWED, CAUSE_PLACES, FIELDS, TriageResult, assess, content,
                                         missing_fields, please_answer, route)
from spasm_course.frontends.triage_card import card_parts, card_text
from spasm_course.frontends.preview import with_preview
from spasm_course.frontends.render import TRIAGE_MIME, TRIAGE_REFERENCE, triage_html

_STYLE = {"description_width": "initial"}  # labels are never cut short

#: The fields asked with radio buttons, in form order (``causes`` are check boxes).
RADIO_FIELDS = tuple(name for name in FIELDS if name != "causes")


def _full_width() -> widgets.Layout:
    return widgets.Layout(width="100%")


def _hint_html(text: str) -> str:
    # A hint under a question, in JupyterLab's theme colours (light or dark).
    return f'<p class="sc-triage-hint" style="margin: 0 0 0.5em 0;"><em>{html.escape(text)}</em></p>'


def card_html(result: TriageResult) -> str:
    """The result card, in the one card layout (:func:`triage_card.card_parts`):
    a text label (never colour alone), what to do, why and the source (each
    left out when empty), the emergency sentence and the disclaimer;
    "Somewhere else, or not sure" opens with the emergency sentence.

    Every piece of text is escaped.
    """
    level = content().levels[result.level]
    one_line = {"label": "<p><strong>{}</strong></p>", "emergency": "<p><strong>{}</strong></p>",
                "disclaimer": "<p><em>{}</em></p>"}

    def part_html(part: str, heading: str, lines: list[str]) -> str:
        if not heading:
            shape = one_line.get(part, "<p>{}</p>")
            return "".join(shape.format(html.escape(line)) for line in lines)
        title = f"<p><strong>{html.escape(heading)}:</strong></p>"
        if part == "source":
            quotes = "".join(f"<p>“{html.escape(quote)}”</p>" for quote in lines)
            return f"{title}<blockquote>{quotes}</blockquote>"
        return title + "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"

    return (
        f'<div class="sc-triage-card sc-triage-{html.escape(result.level)}" role="status" '
        f'style="border-left: 0.5em solid {html.escape(level.colour)}; '
        f'background: {html.escape(level.background)}; color: #1a202c; padding: 0.5em 1em;">'
        + "".join(part_html(*part) for part in card_parts(result))
        + "</div>"
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


def _set_shown(widget: widgets.DOMWidget, shown: bool) -> None:
    widget.layout.display = None if shown else "none"


class TriageSimulator(widgets.VBox):
    """The form (where, spasm or twitch, severity, frequency, home treatment,
    causes), a Check button, and a card that shows the result."""

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

        self.where = radio("where")
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

        # The note of the route the answers take ("somewhere else": the other questions are not
        # needed), shown only while it holds.
        self.not_needed = widgets.HTML("", layout=widgets.Layout(width="100%", display="none"))
        # One line under the questions triage.yml names (severity and frequency): the tie-break.
        self.hints = {name: widgets.HTML(_hint_html(text.tie_break.text), layout=_full_width())
                      for name in text.tie_break.fields}
        # Why some cause boxes are offered only in some places.
        self.cause_note = widgets.HTML(_hint_html(text.cause_place_note), layout=_full_width())

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
        # Any change makes a shown result out of date.
        for control in self._controls():
            control.observe(self._on_change, names="value")
        # Where and kind decide which questions are asked, and which causes are offered.
        self.where.observe(self._on_route, names="value")
        self.kind.observe(self._on_route, names="value")

        header = widgets.HTML(
            f"<h3>{html.escape(text.messages.title)}</h3>"
            f"<p>{html.escape(text.messages.intro)}</p>"
            f"<p><em>{html.escape(text.messages.disclaimer)}</em></p>",
            layout=_full_width(),
        )
        cause_hint = [self.hints["causes"]] if "causes" in self.hints else []
        # Not a scroll box (the boxes' margins overflow it by a few pixels): a scroll box with every box
        # greyed out would be a stop of its own for Tab, between the greyed-out questions and Check.
        self.causes_group = widgets.VBox(
            [self.causes_label, *cause_hint, self.cause_note, *self.cause_boxes.values(), self.no_cause],
            layout=widgets.Layout(width="100%", overflow="visible"))
        form = []
        for name in RADIO_FIELDS:
            form.append(getattr(self, name))
            if name in self.hints:
                form.append(self.hints[name])
            if name == "where":
                form.append(self.not_needed)
        super().__init__([header, *form, self.causes_group, self.check_button, self.card],
                         layout=_full_width())
        self._on_route(None)

    # -- answers ------------------------------------------------------------
    def _controls(self) -> list[widgets.ValueWidget]:
        return [*(getattr(self, name) for name in RADIO_FIELDS), *self.cause_boxes.values(), self.no_cause]

    def _field_controls(self, name: str) -> list[widgets.ValueWidget]:
        if name == "causes":
            return [*self.cause_boxes.values(), self.no_cause]
        return [getattr(self, name)]

    def answers(self) -> dict:
        """The form's answers as keyword arguments for ``assess``.

        Causes are missing (None) until a cause or "None of these" is ticked.
        """
        chosen = [cause for cause, box in self.cause_boxes.items() if box.value]
        causes = chosen if chosen or self.no_cause.value else None
        return {**{name: getattr(self, name).value for name in RADIO_FIELDS}, "causes": causes}

    def _on_no_cause(self, change) -> None:
        if change["new"]:
            for box in self.cause_boxes.values():
                box.value = False

    def _on_cause(self, change) -> None:
        if change["new"]:
            self.no_cause.value = False

    def _on_route(self, _change) -> None:
        where = self.where.value
        # A cause that counts only in some places is offered only there (hidden and unticked elsewhere).
        for cause, places in CAUSE_PLACES.items():
            offered = where in places
            if not offered:
                self.cause_boxes[cause].value = False
            _set_shown(self.cause_boxes[cause], offered)
        # The questions the answers so far do not need are greyed out ("somewhere else": all
        # but where; a twitch: all but where and kind), and the route's note is shown.
        way = route(self.answers())
        note = way.get("note")
        self.not_needed.value = (f'<p class="sc-triage-not-needed"><strong>'
                                 f'{html.escape(getattr(content().messages, note))}</strong></p>' if note else "")
        _set_shown(self.not_needed, bool(note))
        needed = way["required"]
        for name in FIELDS:
            for control in self._field_controls(name):
                control.disabled = name not in needed

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
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = content().messages.plain_repr
        # The stored preview for JupyterLab, and what the website renders at build time
        # (as the quiz widget does: spasm_course.frontends.quiz_widget).
        bundle["text/html"] = with_preview(triage_html())
        bundle[TRIAGE_MIME] = dict(TRIAGE_REFERENCE)
        return bundle


def show_triage() -> TriageSimulator:
    """The triage simulator, ready to display in a notebook."""
    return TriageSimulator()
