"""The journal over the API (R6): latest checkpoint (public), inclusion and consistency proofs.

Hashes and signatures are base64, as in the checkpoints themselves. Every proof names the signed
checkpoint it leads to, so a client verifies it with RFC 9162 §2.1.3.2 / §2.1.4.2 and the public key.
"""

import base64

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import problem

from . import selectors


def b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode()


class CheckpointSerializer(serializers.Serializer):
    tree_size = serializers.IntegerField(label="树大小")
    root_hash = serializers.SerializerMethodField(label="根哈希（Base64）")
    issued_at = serializers.DateTimeField(label="签发时间")
    algorithm = serializers.CharField(label="签名算法")
    key_name = serializers.CharField(label="密钥名称")
    key_id = serializers.CharField(label="密钥ID")
    note = serializers.CharField(label="签名检查点（C2SP signed note）")

    def get_root_hash(self, obj) -> str:
        return b64(obj.root_hash)


class InclusionQuery(serializers.Serializer):
    tree_size = serializers.IntegerField(label="检查点树大小", min_value=1, required=False)


class InclusionProofSerializer(serializers.Serializer):
    sequence = serializers.IntegerField(label="序号")
    leaf = serializers.CharField(label="条目（规范化JSON，即叶子内容）")
    leaf_hash = serializers.CharField(label="叶哈希（Base64）")
    tree_size = serializers.IntegerField(label="树大小")
    proof = serializers.ListField(child=serializers.CharField(), label="包含证明（Base64）")
    checkpoint = serializers.CharField(label="签名检查点")


class ConsistencyQuery(serializers.Serializer):
    first = serializers.IntegerField(label="第一个检查点的树大小", min_value=1)
    second = serializers.IntegerField(label="第二个检查点的树大小", min_value=1, required=False)


class ConsistencyProofSerializer(serializers.Serializer):
    first = CheckpointSerializer()
    second = CheckpointSerializer()
    proof = serializers.ListField(child=serializers.CharField(), label="一致性证明（Base64）")


class LatestCheckpointView(APIView):
    """The latest signed tree head: public, so anyone can hold the journal to it."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=CheckpointSerializer)
    def get(self, request):
        checkpoint = selectors.latest_checkpoint()
        if checkpoint is None:
            return problem(404, "尚未签发任何检查点")
        return Response(CheckpointSerializer(checkpoint).data)


class InclusionProofView(APIView):
    """Proof that an entry of the user's scope is in the tree of a signed checkpoint."""

    @extend_schema(parameters=[OpenApiParameter("tree_size", int)], responses=InclusionProofSerializer)
    def get(self, request, sequence):
        query = InclusionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            found = selectors.inclusion_proof_for(request.user, sequence, query.validated_data.get("tree_size"))
        except selectors.NotCovered as exc:
            return problem(404, str(exc))
        if found is None:
            return problem(404, "未找到该日志条目，或不在您的查看范围内")
        return Response(InclusionProofSerializer({
            "sequence": found.entry.sequence, "leaf": found.entry.body, "leaf_hash": b64(found.entry.leaf_hash),
            "tree_size": found.checkpoint.tree_size, "proof": [b64(p) for p in found.proof],
            "checkpoint": found.checkpoint.note,
        }).data)


class ConsistencyProofView(APIView):
    """Proof that the tree of one checkpoint is a prefix of a later one: nothing rewritten in between."""

    @extend_schema(parameters=[OpenApiParameter("first", int), OpenApiParameter("second", int)],
                   responses=ConsistencyProofSerializer)
    def get(self, request):
        query = ConsistencyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            found = selectors.consistency_between(query.validated_data["first"], query.validated_data.get("second"))
        except selectors.NotCovered as exc:
            return problem(404, str(exc))
        except ValueError as exc:
            return problem(400, str(exc))
        return Response(ConsistencyProofSerializer({
            "first": found.first, "second": found.second, "proof": [b64(p) for p in found.proof],
        }).data)
