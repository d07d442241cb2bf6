{#- Rendered once per build (theme.static_templates in mkdocs.yml) into assets/lean/shell.js: the
    script of the lean shell (overrides/generated.html), cached by the browser across pages. It
    runs in <head>, before the page is shown, and does there what Material's base.html does inline:
    its localStorage helpers and the colour palette; then it loads Material's bundle, deferred.
    When the page is parsed, before the bundle starts, it adds what only works with JavaScript
    anyway: the header search box (partials/search.html: the search page needs JavaScript), the
    palette toggle, the headings' permalink marks, back to top, and the toggles, dialog and
    config Material's bundle expects.
    Material's asset names change with every release (content hashes) and only its base.html
    knows them, so base.html is rendered here, once, and its bundle and config are taken from it. -#}
{%- set material_page -%}{% include "base.html" %}{%- endset -%}
{%- set found = namespace(bundle="") -%}
{%- for script in material_page.split('<script src="')[1:] if "/bundle." in script.split('"')[0] -%}
{%- set found.bundle = script.split('"')[0] -%}
{%- endfor -%}
{%- set material_config = material_page.split('<script id="__config" type="application/json">')[1].split("</script>")[0] -%}
{%- set features = config.theme.features or [] -%}
{%- set palette = (config.theme.palette | first if config.theme.palette is sequence else config.theme.palette) or {} -%}
{%- set first_palette = {"scheme": palette.scheme | d("default", true), "primary": palette.primary | d("indigo", true),
                         "accent": palette.accent | d("indigo", true)} if palette else {} -%}
{%- set palette_form -%}{% if config.theme.palette %}{% include "partials/palette.html" %}{% endif %}{%- endset -%}
{%- set search_box -%}
<label class="md-header__button md-icon" for="__search">{% include ".icons/" ~ (config.theme.icon.search or "material/magnify") ~ ".svg" %}</label>
{% include "partials/search.html" %}
{%- endset -%}
{%- set top -%}{% if "navigation.top" in features %}{% import "partials/language.html" as lang with context %}{% include "partials/top.html" %}{% endif %}{%- endset -%}
"use strict";
(function () {
  // Material's config as its base.html writes it; its URLs are relative to this file.
  var here = document.currentScript.src, material = JSON.parse({{ material_config | tojson }});
  var root = new URL(material.base, here);
  // Material's helpers (its partials/javascripts/base.html), scoped to the site's root as there.
  window.__md_scope = root;
  window.__md_hash = function (text) {
    return [...text].reduce(function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    return JSON.parse((storage || localStorage).getItem((scope || __md_scope).pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    try { (storage || localStorage).setItem((scope || __md_scope).pathname + "." + key, JSON.stringify(value)); } catch (e) {}
  };
  // The palette: the saved one, else the first of mkdocs.yml's, on <html> (<body> is not parsed
  // yet, and inherits the colours); Material's bundle later sets <body>'s as on other pages.
  var saved = __md_get("__palette"), colors = saved && saved.color && saved.color.media !== "(prefers-color-scheme)"
    ? saved.color : {{ first_palette | tojson }};
  for (var key in colors) document.documentElement.setAttribute("data-md-color-" + key, colors[key]);
  function html(markup) {
    var template = document.createElement("template");
    template.innerHTML = markup;
    return template.content;
  }
  function completeShell() {
    var body = document.body, title = document.querySelector(".md-header__title");
    body.prepend(html('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
      + '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'));
    if (title) {
      title.after(html({{ palette_form | tojson }}), html({{ search_box | tojson }}));
      var form = document.querySelector(".md-header .md-search__form");
      if (form) form.action = new URL("search/", root).href;  // partials/search.html's action, from the site root
    }
    document.querySelectorAll(".md-content h1[id], .md-content h2[id], .md-content h3[id], .md-content h4[id], .md-content h5[id], .md-content h6[id]")
      .forEach(function (heading) {  // the toc extension's permalink marks, which pages leave out
        var mark = document.createElement("a");
        mark.className = "headerlink";
        mark.href = "#" + heading.id;
        mark.title = "Permanent link";
        mark.textContent = "\u00b6";
        heading.append(mark);
      });
    var main = document.querySelector(".md-main");
    if (main) main.append(html({{ top | tojson }}));
    body.append(html('<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner md-typeset"></div></div>'));
    var config = document.createElement("script");
    config.id = "__config";
    config.type = "application/json";
    material.base = root.href;
    material.search = new URL(material.search, here).href;
    config.textContent = JSON.stringify(material);
    body.append(config);
  }
  // Material's bundle, deferred: it runs once the page is parsed (written here, by the parser,
  // so that the pages need not name it).
  document.write('<script defer src="' + new URL({{ found.bundle | tojson }}, here).href + '"><\/script>');
  // "interactive": the page is parsed; the deferred bundle runs right after this.
  document.addEventListener("readystatechange", function () {
    if (document.readyState === "interactive") completeShell();
  }, {once: true});
})();
