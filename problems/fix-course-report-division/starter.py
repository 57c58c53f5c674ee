def course_report(scores, pass_mark=50):
    if not scores:
        return {"students": 0, "mean": None, "pass_rate": None, "top": []}
    values = list(scores.values())
    mean = sum(values) // len(values)
    passed = sum(1 for value in values if value >= pass_mark)
    pass_rate = passed // len(values) * 100
    best = max(values)
    top = sorted(name for name, value in scores.items() if value == best)
    return {
        "students": len(values),
        "mean": round(mean, 2),
        "pass_rate": round(pass_rate, 1),
        "top": top,
    }
