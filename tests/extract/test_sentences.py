from tcwatch.extract.sentences import split_clauses, split_sentences


def _texts(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_title_and_glued_sentences():
    text = "Ministers meet in Kigali\n\nThe talks ended.The envoy left on Monday. He said “It went well.”Then he flew home."
    assert _texts(text) == [
        "Ministers meet in Kigali",
        "The talks ended.",
        "The envoy left on Monday.",
        "He said “It went well.”",
        "Then he flew home.",
    ]


def test_abbreviations_do_not_split():
    text = "The U.S. State Department and Mr. Jones met. Later the U.K. team left."
    assert _texts(text) == ["The U.S. State Department and Mr. Jones met.", "Later the U.K. team left."]


def test_offsets_are_exact_slices():
    text = "  One thing happened.  Another thing followed!\n\nA third? "
    for a, b in split_sentences(text):
        assert text[a:b] == text[a:b].strip()
        assert text[a:b]


def test_clauses_cut_at_conjunctions():
    text = "A man was flown to the camp, and the court has paused the other cases."
    spans = split_clauses(text, 0, len(text))
    assert len(spans) == 2
    assert text[spans[1][0]:spans[1][1]].startswith(", and the court")


def test_hard_wrapped_lines_stay_one_sentence():
    """Plain text files wrapped at a fixed width: a line break inside a sentence is not a boundary."""
    from tcwatch.extract.sentences import split_sentences

    text = "Officials said the men deported by the government\narrived on Friday.\nA second flight is planned."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Officials said the men deported by the government\narrived on Friday.",
        "A second flight is planned.",
    ]


def test_title_line_stays_apart_from_a_lowercase_start():
    from tcwatch.extract.sentences import split_sentences

    text = "Rwanda deal scrapped\n\nministers said on Monday that flights would not go ahead."
    assert len(split_sentences(text)) == 2
