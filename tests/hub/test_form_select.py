"""The front-end forms' select (templates/django/forms/widgets/select.html): its options drawn in
one go, as Django's own templates draw them, escaped, with the chosen ones selected."""

from django import forms
from django.test import SimpleTestCase

from hub.forms import HubFormMixin


class Form(HubFormMixin, forms.Form):
    council = forms.ChoiceField(
        choices=[
            ("", "Any council"),
            ("a&b", 'Barnet <script>"x"</script>'),
            ("Regions", [("north", "North East"), ("south", "South West")]),
        ],
        required=False,
    )
    councils = forms.MultipleChoiceField(
        choices=[("1", "One"), ("2", "Two"), ("3", "Three")], required=False
    )


class FormAsDjangoDrawsIt(Form):
    default_renderer = forms.renderers.DjangoTemplates


def normalised(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


class SelectTests(SimpleTestCase):
    def test_options_are_drawn_as_djangos_own_templates_draw_them(self):
        data = {"council": "south", "councils": ["1", "3"]}
        for name in ("council", "councils"):
            ours = str(Form(data)[name])
            django = str(FormAsDjangoDrawsIt(data)[name])
            self.assertHTMLEqual(ours, django)
            self.assertEqual(normalised(ours), normalised(django))

    def test_labels_and_values_are_escaped(self):
        html = str(Form({"council": "a&b"})["council"])

        self.assertIn('<option value="a&amp;b" selected>', html)
        self.assertIn("Barnet &lt;script&gt;&quot;x&quot;&lt;/script&gt;</option>", html)
        self.assertNotIn("<script>", html)

    def test_the_chosen_options_are_selected(self):
        html = str(Form({"councils": ["1", "3"]})["councils"])

        self.assertIn('<option value="1" selected>One</option>', html)
        self.assertIn('<option value="2">Two</option>', html)
        self.assertIn('<option value="3" selected>Three</option>', html)
        self.assertIn(" multiple", html)
