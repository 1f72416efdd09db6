"""The supervision pages, one module per part: warnings, access, evaluation, statistics, notices, implementation."""
