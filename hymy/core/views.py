from django.shortcuts import render


def rate_limited(request, exception=None):
    """What a visitor sees when they have tried too often (django-ratelimit's view)."""
    response = render(request, "core/rate_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


def health(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})
