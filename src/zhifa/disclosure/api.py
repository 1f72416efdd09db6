from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import problem
from zhifa.organizations.selectors import public_certificate


class PublicOfficerSerializer(serializers.Serializer):
    number = serializers.CharField(label="执法证号")
    name = serializers.CharField(label="姓名")
    agency = serializers.CharField(label="执法主体")
    category = serializers.CharField(label="执法类别")
    region_code = serializers.CharField(label="执法区域")
    issued_on = serializers.DateField(label="发证日期")
    expires_on = serializers.DateField(label="有效期至")
    status = serializers.CharField(label="状态")
    is_valid = serializers.BooleanField(label="当前有效")


class PublicOfficerView(APIView):
    """Anyone may verify an officer by certificate number (P3); only roster fields are returned."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=PublicOfficerSerializer)
    def get(self, request, number):
        cert = public_certificate(number)
        if cert is None:
            return problem(404, "未查询到该执法证号")
        return Response(PublicOfficerSerializer(asdict(cert)).data)
