from django import forms


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    notice_title = forms.CharField(label="通知名称", max_length=200, required=False)
    notice_number = forms.CharField(label="通知文号", max_length=100, required=False, help_text="如：国办发明电〔2025〕7号")
    rest_days = forms.CharField(
        label="放假日期", required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="每行一天：YYYY-MM-DD 名称，包括假期内的周末",
    )
    working_days = forms.CharField(
        label="调休上班日期", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一天：YYYY-MM-DD 名称（均为周末）",
    )


class WorkingDaysQueryForm(forms.Form):
    start = forms.DateField(label="起算日")
    days = forms.IntegerField(label="天数", min_value=1, max_value=3650)
    mode = forms.ChoiceField(label="计算方式", choices=[("working", "工作日"), ("calendar", "日历日")], initial="working")
