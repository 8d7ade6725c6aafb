from tcwatch.extract.actors import find_actor_after, find_actor_before, is_government_voice, sentence_subject
from tcwatch.extract.corridors import doc_countries, resolve


def test_actor_before_a_verb():
    text = "The charity Freedom from Torture, which supports survivors, has condemned the flights."
    pos = text.index("condemned")
    assert find_actor_before(text, 0, pos) == "Freedom from Torture"
    text = "Campaigners and human rights groups warned that the plan was cruel."
    assert find_actor_before(text, 0, text.index("warned")) == "human rights groups"


def test_actor_after_speech_at_the_end():
    text = "Scheme will not stop the boats, say MPs"
    assert find_actor_after(text, text.index("say") + 3, len(text), strict=True) == "MPs"
    text = "Plan is unworkable, says Amnesty International."
    assert find_actor_after(text, text.index("says") + 4, len(text), strict=True) == "Amnesty International"


def test_government_voice_and_subjects():
    assert is_government_voice("the White House")
    assert is_government_voice("Downing Street")
    assert not is_government_voice("Refugee Council")
    text = "A coalition of Salvadoran lawyers says the detentions are unlawful."
    assert sentence_subject(text, 0, text.index(" says")) == "A coalition of Salvadoran lawyers"


def test_corridor_resolution_keeps_direction():
    text = "Kigali wants money\n\nRwanda has asked Britain for £50m after the deal ended."
    dc = doc_countries(text, text.index("\n\n"))
    s = text.index("Rwanda has")
    assert resolve(dc, text, (s, len(text)), (s, len(text))) == ("GBR", "RWA")
    assert dc.main == ("GBR", "RWA")
