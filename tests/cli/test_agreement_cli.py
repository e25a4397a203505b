"""`coappoint agreement FILE`: private scores in, spread, flags, alpha and stringency out."""

import json

from coappoint.cli import main


def write(tmp_path, document):
    path = tmp_path / "scores.json"
    path.write_text(json.dumps(document))
    return path


def test_the_agreement_of_private_scores_is_printed_in_discussion_order(tmp_path, capsys):
    scores = [
        {"recruiter": recruiter, "candidate": candidate, "quality": "kindness", "score": score}
        for candidate, values in {"calm": [3, 3, 4], "split": [1, 1, 5, 5]}.items()
        for recruiter, score in zip(("r1", "r2", "r3", "r4"), values, strict=False)
    ]
    assert main(["agreement", str(write(tmp_path, {"scores": scores}))]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["discussion_order"] == ["split", "calm"]
    split = result["candidates"][0]["qualities"][0]
    assert split["flags"] == ["wide_spread", "two_camps", "outlier"]
    assert (split["median"], split["mean"], split["range_points"]) == (3.0, 3.0, 4)
    assert result["alpha"]["reliable"] is False
    assert "Only 2 candidates" in result["alpha"]["caveat"]


def test_a_score_off_the_given_scale_exits_2_naming_the_recruiter_and_quality(tmp_path, capsys):
    document = {
        "scale": {"min": 0, "max": 3},
        "scores": [{"recruiter": "r1", "candidate": "c1", "quality": "empathy", "score": 4}],
    }
    assert main(["agreement", str(write(tmp_path, document))]) == 2
    printed = capsys.readouterr()
    assert "Recruiter r1's score for candidate c1 on empathy is 4" in printed.err
    assert printed.out == ""


def test_input_without_scores_exits_2(tmp_path, capsys):
    assert main(["agreement", str(write(tmp_path, {"scale": {"min": 1, "max": 5}}))]) == 2
    assert '"scores" must be a list' in capsys.readouterr().err
