def paginate(items, page, per_page=10):
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    total_pages = (len(items) + per_page - 1) // per_page
    if page < 1 or page > max(total_pages, 1):
        raise ValueError(f"page {page} is out of range")
    start = (page - 1) * per_page
    return {
        "items": items[start:start + per_page],
        "page": page,
        "total_pages": total_pages,
        "has_next": page < total_pages,
    }
