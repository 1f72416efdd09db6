from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import calendar


class DeadlineQuery(serializers.Serializer):
    start = serializers.DateField(label="起算日")
    days = serializers.IntegerField(label="天数", min_value=1, max_value=3650)
    mode = serializers.ChoiceField(label="计算方式", choices=["working", "calendar"], default="working")


class DeadlineResult(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    mode = serializers.CharField()
    deadline = serializers.DateField()
    confirmed = serializers.BooleanField(help_text="期间所经年份均已有国务院放假通知数据")


class DeadlineView(APIView):
    """A deadline on the working-day calendar (PL Art. 85), for other systems and the forms."""

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("days", int), OpenApiParameter("mode", str)],
        responses=DeadlineResult,
    )
    def get(self, request):
        query = DeadlineQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, n, mode = (query.validated_data[k] for k in ("start", "days", "mode"))
        end = calendar.add_working_days(start, n) if mode == "working" else calendar.add_calendar_days(start, n)
        return Response(
            {"start": start, "days": n, "mode": mode, "deadline": end.as_date(), "confirmed": end.confirmed}
        )
