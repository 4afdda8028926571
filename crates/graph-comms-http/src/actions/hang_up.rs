//! `DELETE …/calls/{id}`.

crate::action::call_action! {
    /// `DELETE {base}/communications/calls/{id}`: hang up (for a group call,
    /// only the bot's leg ends) (<https://learn.microsoft.com/graph/api/call-delete>).
    /// No body; the answer is `204 No Content`, read as an
    /// [`Acknowledged`](crate::Acknowledged).
    ///
    /// ```
    /// use graph_comms_http::HangUp;
    ///
    /// let hang_up = HangUp::builder().call_id("57dab8b1-894c-409a-b240-bd8beae78896").build()?;
    /// let request = hang_up.to_request();
    /// assert_eq!(request.method(), "DELETE");
    /// assert_eq!(
    ///     request.uri().path(),
    ///     "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896"
    /// );
    /// assert!(request.body().is_empty());
    /// let response = http::Response::builder().status(204).body(Vec::new())?;
    /// assert_eq!(hang_up.read_response(&response)?.status(), 204);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    HangUp, HangUpBuilder: HangUp,
    body none, answer acknowledged
}
