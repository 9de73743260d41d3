from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import backup, demo, navigation, page_cache

        from . import demo as discussions_demo

        navigation.register("Discussions", "discussions:list", order=30)
        # Home and site pages list recent threads.
        page_cache.watch(self.get_model("Thread"), self.get_model("Reply"))
        backup.counts_as_content(self.get_model("Thread"))
        demo.register(discussions_demo.load, order=40)
