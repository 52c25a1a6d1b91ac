"""Django admin for the organisation tree.

The admin is the superusers' tool: it bypasses scoping by design, so every screen here is closed to anyone
else. Ordinary staff manage their agencies through the scoped screens and services.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from tthc.core.folding import fold
from tthc.organisation.models import AdministrativeLevel, AdministrativeUnit, Agency, Membership, User


class SuperuserOnly:
    """Admin permissions for superusers only, whatever model permissions a staff account holds."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class FoldedSearch:
    """Search ignoring case and diacritics: the term is also tried folded, like the stored ``name_folded``."""

    def get_search_results(self, request, queryset, search_term):
        as_typed, duplicates = super().get_search_results(request, queryset, search_term)
        folded, folded_duplicates = super().get_search_results(request, queryset, fold(search_term))
        return as_typed | folded, duplicates or folded_duplicates


@admin.register(AdministrativeLevel)
class AdministrativeLevelAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["code", "name", "rank", "valid_from", "valid_to"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SuperuserOnly, FoldedSearch, admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "division_type"]
    list_select_related = ["level", "parent"]
    search_fields = ["code", "name_folded"]
    autocomplete_fields = ["parent"]


class MembershipInline(SuperuserOnly, admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "valid_from", "valid_to"]


@admin.register(Agency)
class AgencyAdmin(SuperuserOnly, FoldedSearch, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "level", "supervises_province"]
    list_select_related = ["level", "parent"]
    search_fields = ["code", "name_folded", "short_name", "aliases"]
    autocomplete_fields = ["parent", "administrative_unit"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "aliases", "kind", "level", "parent"]}),
        ("Địa bàn và phạm vi", {"fields": ["administrative_unit", "supervises_province"]}),
        ("Liên hệ", {"fields": ["address", "phone", "email"]}),
        ("Hiệu lực", {"fields": ["valid_from", "valid_to"]}),
    ]


@admin.register(User)
class UserAdmin(SuperuserOnly, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "phone", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email", "phone"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        ("Thông tin cá nhân", {"fields": ["full_name", "email", "phone"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]
    inlines = [MembershipInline]

    def get_inlines(self, request, obj):
        # Like the password, roles are set on the change page that follows the short "add user" form.
        return self.inlines if obj is not None else []


@admin.register(Membership)
class MembershipAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["user", "role", "agency", "valid_from", "valid_to"]
    list_filter = ["role"]
    list_select_related = ["user", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__code", "agency__name"]
    autocomplete_fields = ["user", "agency"]
