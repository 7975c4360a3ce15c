"""What browser tests wait for in Wagtail's page editor before they type."""


def wait_until_the_editor_watches(page):
    """Waits until the editor's scripts run and its unsaved-changes controller has taken its first
    snapshot of the form (two seconds after it opens).

    A change made before then counts as the form's initial state and is never autosaved, and a
    click on "Add session" before the inline panel's script runs adds nothing: a person is rarely
    that quick, a test on a loaded machine is."""
    page.wait_for_function(
        """() => {
            const form = document.querySelector("#page-edit-form");
            const app = window.wagtail && window.wagtail.app;
            const unsaved = form && app && app.getControllerForElementAndIdentifier(form, "w-unsaved");
            return Boolean(unsaved && unsaved.initialFormData);
        }"""
    )
