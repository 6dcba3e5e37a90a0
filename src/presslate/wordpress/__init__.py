"""WordPress: posts pulled and pushed through the REST API (pull, push), WXR files in and out (wxr, xml_reader).

Beside site/ in the import order: it uses the publish policy (site.policy) and everything below it.
"""
