# A post sent before it was published as a material: it is the campaign's original, not a member's post.
original-revoke-reason = this is the campaign's original post, published as a material
original-withdrawn-revoked =
    ↩️ The award for the post { $url } is revoked: −{ $points } { $n ->
        [one] point
       *[other] points
    }. It is the campaign's original post: a coordinator published it as a material. Share the material on your page and send the link to your own post.
original-withdrawn-pending =
    The post { $url } will not count: it is the campaign's original post, a coordinator published it as a material. Share the material on your page and send the link to your own post.
original-withdrawn-coordinator = ↩️ A member had sent this post as their own: { $name } ({ $url }). It cannot count; points revoked: { $points }. The member has been told.
reject-reason-original = it is the campaign's original post, not yours
